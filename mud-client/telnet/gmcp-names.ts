/**
 * GMCP package names <-> Evennia's snake_case OOB command names.
 *
 * Server -> client (evennia/server/portal/telnet_oob.py `encode_gmcp`, reference §6.1) renames in this order:
 * a fixed table (`client_options` -> `Core.Supports.Get`, ...), then `a_b` -> `A.B` (each part capitalised,
 * all-upper-case parts kept: `get_HP` -> `Get.HP`), else `name` -> `Core.Name`. `gmcpToEvenniaName` inverts it.
 *
 * Client -> server (`decode_gmcp`, §6.2): Evennia replaces `.` with `_`, strips one leading `core_` and
 * lower-cases. `evenniaToGmcpName` builds a name that decodes back to the given inputfunc name.
 */
import { MudClientError } from '../errors.ts';

const FIXED_GMCP_TO_EVENNIA: ReadonlyMap<string, string> = new Map([
  ['core.supports.get', 'client_options'],
  ['core.commands.get', 'get_inputfuncs'],
  ['char.value.get', 'get_value'],
  ['char.repeat.update', 'repeat'],
  ['char.monitor.update', 'monitor'],
]);

/** Python's `str.isupper()` for one name part, but a single letter counts as capitalised, not upper-case. */
function isUpperCaseWord(part: string): boolean {
  return part.length > 1 && part === part.toUpperCase() && part !== part.toLowerCase();
}

/** `Logged.In` -> `logged_in`, `Core.Heartbeat` -> `heartbeat`, `Char.Value.Get` -> `get_value`. */
export function gmcpToEvenniaName(gmcpName: string): string {
  const fixed = FIXED_GMCP_TO_EVENNIA.get(gmcpName.toLowerCase());
  if (fixed !== undefined) return fixed;
  const parts = gmcpName.split('.');
  // `Core.<Name>` comes from a name without underscore. (`core_x` would encode the same; it cannot be told apart.)
  if (parts.length === 2 && parts[0]?.toLowerCase() === 'core') return (parts[1] ?? '').toLowerCase();
  return parts.map(part => (isUpperCaseWord(part) ? part : part.toLowerCase())).join('_');
}

function capitalize(part: string): string {
  return part.charAt(0).toUpperCase() + part.slice(1);
}

const INPUTFUNC_NAME = /^[A-Za-z0-9_]+$/;

/**
 * `text` -> `Core.Text`, `timmy_command` -> `Timmy.Command`, `get_inputfuncs` -> `Get.Inputfuncs`,
 * `core_thing` -> `Core.Core.Thing` (Evennia strips only one `core_`). Throws `MUD_ERR_INVALID_ARGUMENT`
 * for names that are not Python identifiers' characters (letters, digits, `_`).
 */
export function evenniaToGmcpName(name: string): string {
  if (!INPUTFUNC_NAME.test(name)) {
    throw new MudClientError('MUD_ERR_INVALID_ARGUMENT', `Invalid OOB command name ${JSON.stringify(name)}`, {
      details: { name },
    });
  }
  const parts = name.toLowerCase().split('_');
  const dotted = parts.map(capitalize).join('.');
  if (parts.length === 1 || parts[0] === 'core') return `Core.${dotted}`;
  return dotted;
}
