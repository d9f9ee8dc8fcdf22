/**
 * The one error root of world-seed. Every failure carries a stable, machine-readable code; this list is
 * the only place codes are defined.
 *
 * Codes:
 * - `WORLD_ERR_FILE_UNREADABLE`   the world file cannot be read (missing, a folder, no permission)
 * - `WORLD_ERR_YAML`              the world file is not well-formed YAML
 * - `WORLD_ERR_SCHEMA`            the world file does not have the expected shape (wrong type, unknown key, bad id)
 * - `WORLD_ERR_DUPLICATE_ID`      two entries of the world file share one id
 * - `WORLD_ERR_BAD_REFERENCE`     an exit leads to an id that is no room of the world file
 * - `WORLD_ERR_LIVE_CONFLICT`     the live world cannot be matched with the file (a seed id on two objects,
 *                                 an id bound to a dbref that does not exist, a different kind of object)
 * - `WORLD_ERR_REJECTED`          the server refused the operations (unknown typeclass, unresolvable reference);
 *                                 nothing changed
 * - `WORLD_ERR_FORBIDDEN`         the account is not privileged for world_snapshot / world_apply
 * - `WORLD_ERR_SERVER`            the server failed, answered outside the protocol, or could not be reached
 * - `WORLD_ERR_CREDENTIALS`       no usable superuser credentials to connect with
 */
export type WorldSeedErrorCode =
  | 'WORLD_ERR_FILE_UNREADABLE'
  | 'WORLD_ERR_YAML'
  | 'WORLD_ERR_SCHEMA'
  | 'WORLD_ERR_DUPLICATE_ID'
  | 'WORLD_ERR_BAD_REFERENCE'
  | 'WORLD_ERR_LIVE_CONFLICT'
  | 'WORLD_ERR_REJECTED'
  | 'WORLD_ERR_FORBIDDEN'
  | 'WORLD_ERR_SERVER'
  | 'WORLD_ERR_CREDENTIALS';

export interface WorldSeedErrorOptions {
  cause?: unknown;
  /** Small, serialisable facts about the failure (the file, the path in it, the seed id, the server's code). */
  details?: Record<string, unknown>;
  /** What the user can do about it, shown under the message by the CLI. */
  fix?: string;
}

export class WorldSeedError extends Error {
  readonly code: WorldSeedErrorCode;
  readonly details: Record<string, unknown>;
  readonly fix: string | undefined;

  constructor(code: WorldSeedErrorCode, message: string, options: WorldSeedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'WorldSeedError';
    this.code = code;
    this.details = options.details ?? {};
    this.fix = options.fix;
  }
}
