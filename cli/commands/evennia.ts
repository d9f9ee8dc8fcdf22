import { existsSync, readFileSync, statSync, watch } from 'node:fs';
import { mainGame } from '../../supervisor/main-game.ts';
import { ensurePythonEnvironment } from '../../supervisor/python-environment.ts';
import { type CliCommand, stringOption, UsageError } from '../cli-command.ts';

const ACTIONS = ['start', 'stop', 'reload', 'status', 'logs', 'migrate', 'test'] as const;
type Action = (typeof ACTIONS)[number];

export const evenniaCommand: CliCommand = {
  name: 'evennia',
  summary: 'Control the game server in the background: start, stop, reload, status, logs, migrate, test',
  help: [
    'Usage: timmy evennia <start|stop|reload|status|logs|migrate|test> [options]',
    '',
    '  start     start Evennia in the background and wait until it is ready',
    '  stop      stop Evennia and every process of the game directory',
    '  reload    restart the game Server; connections and logins survive',
    '  status    show whether the Portal and Server run, with their pids (exit 1 when stopped)',
    '  logs      print the last lines of server.log and portal.log',
    '  migrate   create or update the game database',
    "  test      run the game directory's own Python tests (evennia test)",
    '',
    'Options:',
    '  -n, --lines N   lines of each log to print (logs; default 40)',
    '  -f, --follow    keep printing new log lines (logs)',
  ].join('\n'),
  options: { lines: { type: 'string', short: 'n' }, follow: { type: 'boolean', short: 'f' } },
  async run(values, positionals) {
    const action = positionals[0] as Action | undefined;
    if (!action || !ACTIONS.includes(action)) throw new UsageError(`expected one of ${ACTIONS.join(', ')}`);
    const log = (message: string) => console.log(message);
    const game = mainGame(log);
    switch (action) {
      case 'start': {
        await ensurePythonEnvironment(log);
        const ms = await game.start();
        log(`Evennia is ready on telnet ${game.host}:${game.ports.telnet} (${(ms / 1000).toFixed(1)} s).`);
        return 0;
      }
      case 'stop':
        await game.stop();
        log('Evennia is stopped.');
        return 0;
      case 'reload': {
        const ms = await game.reload();
        log(`Evennia reloaded (${(ms / 1000).toFixed(1)} s).`);
        return 0;
      }
      case 'status': {
        const status = game.status();
        log(`Portal: ${status.portal ? `RUNNING (pid ${status.portal})` : 'NOT RUNNING'}`);
        log(`Server: ${status.server ? `RUNNING (pid ${status.server})` : 'NOT RUNNING'}`);
        return status.portal ? 0 : 1;
      }
      case 'logs':
        return printLogs(game.logTail(Number(stringOption(values, 'lines') ?? 40)), Boolean(values.follow));
      case 'migrate':
        await ensurePythonEnvironment(log);
        await game.migrate();
        log('The game database is up to date.');
        return 0;
      case 'test': {
        await ensurePythonEnvironment(log);
        const result = await game.evennia(['test', '--settings', 'settings.py', '.'], {
          timeoutMs: 900_000,
          onLine: line => console.log(line),
        });
        return result.exitCode === 0 ? 0 : 1;
      }
    }
  },
};

function printLogs(tails: { file: string; lines: string[] }[], follow: boolean): Promise<number> {
  for (const { file, lines } of tails) console.log(`--- ${file}\n${lines.join('\n')}`);
  if (!follow) return Promise.resolve(0);
  const offsets = new Map(tails.map(({ file }) => [file, existsSync(file) ? statSync(file).size : 0]));
  for (const { file } of tails) {
    if (!existsSync(file)) continue;
    watch(file, () => {
      const size = statSync(file).size;
      const from = offsets.get(file) ?? 0;
      if (size < from) offsets.set(file, 0);
      if (size <= from) return;
      process.stdout.write(readFileSync(file).subarray(from, size).toString('utf8'));
      offsets.set(file, size);
    });
  }
  return new Promise(() => {});
}
