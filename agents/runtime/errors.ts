/**
 * The one error root of the agent runtime (definitions, accounts, memory, trajectories, heartbeat,
 * evaluation). Only programmer and configuration errors are thrown; whatever goes wrong in the world
 * (an exit that is not there, a refused tool call) is an observation the agent sees, never an error.
 *
 * Codes:
 * - `AGENT_ERR_DEFINITION_UNREADABLE`  an agent definition file cannot be read
 * - `AGENT_ERR_DEFINITION_YAML`        an agent definition file is not well-formed YAML
 * - `AGENT_ERR_DEFINITION_SCHEMA`      an agent definition does not have the expected shape (file:line: path: what)
 * - `AGENT_ERR_UNKNOWN_AGENT`          no definition has the name asked for
 * - `AGENT_ERR_STATE_CORRUPT`          a file under .timmy/agents/<name>/ is not what the runtime wrote
 * - `AGENT_ERR_BACKLOG`                the backlog file is not a valid list of tasks
 * - `AGENT_ERR_PROVISION`              the server refused or failed to provision an agent's account
 * - `AGENT_ERR_WORLD_QUERY`            a world_query request failed or was answered outside the protocol
 * - `AGENT_ERR_NOT_RUNNING`            a runtime method that needs a started runtime was called before start()
 */
export type AgentErrorCode =
  | 'AGENT_ERR_DEFINITION_UNREADABLE'
  | 'AGENT_ERR_DEFINITION_YAML'
  | 'AGENT_ERR_DEFINITION_SCHEMA'
  | 'AGENT_ERR_UNKNOWN_AGENT'
  | 'AGENT_ERR_STATE_CORRUPT'
  | 'AGENT_ERR_BACKLOG'
  | 'AGENT_ERR_PROVISION'
  | 'AGENT_ERR_WORLD_QUERY'
  | 'AGENT_ERR_NOT_RUNNING';

export interface AgentErrorOptions {
  cause?: unknown;
  /** Small, serialisable facts (the file, the agent, the server's code). */
  details?: Record<string, unknown>;
  /** What the user can do about it, shown under the message by the CLI. */
  fix?: string;
}

export class AgentError extends Error {
  readonly code: AgentErrorCode;
  readonly details: Record<string, unknown>;
  readonly fix: string | undefined;

  constructor(code: AgentErrorCode, message: string, options: AgentErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentError';
    this.code = code;
    this.details = options.details ?? {};
    this.fix = options.fix;
  }
}
