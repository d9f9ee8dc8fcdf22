import { appendFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { evenniaEnvironment } from '../../supervisor/python-environment.ts';
import { runCommand } from '../../supervisor/run-command.ts';

/**
 * A stock Evennia 5.0.1 game (`evennia --init`, none of evennia-game's code): the real server without
 * Timmy's out-of-band markers, for testing what clients do against any Evennia. Only the ports, the
 * loopback interface and the throttles are set, as evennia-game's settings do, so the harness can run it.
 */
export async function createStockGameDir(): Promise<string> {
  const parent = mkdtempSync(path.join(os.tmpdir(), 'timmy-stock-'));
  const result = await runCommand('evennia', ['--init', 'stockgame'], {
    cwd: parent,
    env: evenniaEnvironment(),
  });
  if (result.exitCode !== 0) throw new Error(`evennia --init failed:\n${result.output}`);
  const gameDir = path.join(parent, 'stockgame');
  appendFileSync(
    path.join(gameDir, 'server', 'conf', 'settings.py'),
    `
# Added by Timmy's test harness: ports and interface from the environment, throttles off.
import os as _os
_INTERFACE = _os.environ.get("EVENNIA_INTERFACE", "127.0.0.1")
TELNET_PORTS = [int(_os.environ["EVENNIA_TELNET_PORT"])]
TELNET_INTERFACES = [_INTERFACE]
WEBSERVER_PORTS = [(int(_os.environ["EVENNIA_WEB_PORT"]), int(_os.environ["EVENNIA_WEB_INTERNAL_PORT"]))]
WEBSERVER_INTERFACES = [_INTERFACE]
WEBSOCKET_CLIENT_PORT = int(_os.environ["EVENNIA_WEBSOCKET_PORT"])
WEBSOCKET_CLIENT_INTERFACE = _INTERFACE
AMP_PORT = int(_os.environ["EVENNIA_AMP_PORT"])
MAX_CONNECTION_RATE = 1000
MAX_COMMAND_RATE = 1000
CREATION_THROTTLE_LIMIT = None
CREATION_THROTTLE_TIMEOUT = None
LOGIN_THROTTLE_LIMIT = None
LOGIN_THROTTLE_TIMEOUT = None
if _os.environ.get("TIMMY_FAST_PASSWORD_HASHER") == "1":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    AUTH_PASSWORD_VALIDATORS = []
`,
  );
  return gameDir;
}
