/**
 * The one error root of the supervisor. Every failure a user can meet carries a stable code and, where
 * there is one, the command that fixes it.
 *
 * Codes:
 * - `SUPERVISOR_ERR_PYTHON_MISSING`   no Python 3.11+ with venv support on PATH
 * - `SUPERVISOR_ERR_VENV_FAILED`      creating the virtual environment failed
 * - `SUPERVISOR_ERR_INSTALL_FAILED`   pip could not install the pinned requirements
 * - `SUPERVISOR_ERR_BUILD_TOOLS`      pip needed a compiler or Python headers that are missing
 * - `SUPERVISOR_ERR_PORT_TAKEN`       a port Evennia needs is already in use
 * - `SUPERVISOR_ERR_ALREADY_RUNNING`  this game directory already has a running Evennia
 * - `SUPERVISOR_ERR_MIGRATE_FAILED`   `evennia migrate` failed
 * - `SUPERVISOR_ERR_START_FAILED`     `evennia start` failed or exited early
 * - `SUPERVISOR_ERR_NOT_READY`        Evennia started but never showed its connection screen in time
 * - `SUPERVISOR_ERR_COMMAND_FAILED`   another `evennia` launcher command failed
 * - `SUPERVISOR_ERR_BAD_CONFIG`       a port or path given to the supervisor is invalid
 * - `SUPERVISOR_ERR_CHECKSUM_MISMATCH` a downloaded file (a model) differs from the digest pinned in the code
 */
export type SupervisorErrorCode =
  | 'SUPERVISOR_ERR_PYTHON_MISSING'
  | 'SUPERVISOR_ERR_VENV_FAILED'
  | 'SUPERVISOR_ERR_INSTALL_FAILED'
  | 'SUPERVISOR_ERR_BUILD_TOOLS'
  | 'SUPERVISOR_ERR_PORT_TAKEN'
  | 'SUPERVISOR_ERR_ALREADY_RUNNING'
  | 'SUPERVISOR_ERR_MIGRATE_FAILED'
  | 'SUPERVISOR_ERR_START_FAILED'
  | 'SUPERVISOR_ERR_NOT_READY'
  | 'SUPERVISOR_ERR_COMMAND_FAILED'
  | 'SUPERVISOR_ERR_BAD_CONFIG'
  | 'SUPERVISOR_ERR_LOCKED'
  | 'SUPERVISOR_ERR_TOOL_BUILD_FAILED'
  | 'SUPERVISOR_ERR_TOOL_MISSING'
  | 'SUPERVISOR_ERR_CHECKSUM_MISMATCH';

export class SupervisorError extends Error {
  readonly code: SupervisorErrorCode;
  /** A command or action that fixes the problem, shown to the user under the message. */
  readonly fix: string | undefined;

  constructor(code: SupervisorErrorCode, message: string, options: { fix?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SupervisorError';
    this.code = code;
    this.fix = options.fix;
  }
}
