import { mainGame, superuserCredentialsFile } from '../../supervisor/main-game.ts';
import { ensurePythonEnvironment } from '../../supervisor/python-environment.ts';
import { applyWorldFile } from '../../world-seed/apply-world-file.ts';
import { WorldSeedError } from '../../world-seed/errors.ts';
import { DEFAULT_WORLD_FILE } from '../../world-seed/world-file.ts';
import { readSuperuserCredentials } from '../../world-seed/world-session.ts';
import { applySummary } from '../../world-seed/world-sync.ts';
import type { CliCommand } from '../cli-command.ts';
import { type LivingWorld, startLivingWorld } from './living-world.ts';

export const upCommand: CliCommand = {
  name: 'up',
  summary: 'Bring the world up in the foreground (npm start); Ctrl-C stops everything',
  help: [
    'Usage: timmy up',
    '',
    'Provisions the Python environment on the first run, creates the game database and the superuser,',
    'starts Evennia, waits until it serves its connection screen, applies the world file (the rooms,',
    'exits and objects of world-seed/timmy-world.yaml; see timmy world --help), starts the bridges',
    'configured in timmy.bridges.yaml (Gitea, Nostr, the git journal, with the warden that answers the',
    'board and the beacon), then the default lineage of agents (agents/lineage.yaml: Timmy, Allegro,',
    'Allegro-Primus, Ezra, Bezalel), and prints where humans connect. A world file that cannot be',
    'applied stops Evennia again and exits 1.',
    'Ctrl-C or SIGTERM stops the agents, the bridges and Evennia; no process is left behind.',
    '',
    'Environment:',
    '  EVENNIA_TELNET_PORT (4000), EVENNIA_WEB_PORT (4001), EVENNIA_WEB_INTERNAL_PORT (4005),',
    '  EVENNIA_WEBSOCKET_PORT (4002), EVENNIA_AMP_PORT (4006), EVENNIA_INTERFACE (127.0.0.1),',
    '  TIMMY_GAME_DIR (evennia-game/), TIMMY_STATE_DIR (.timmy/),',
    '  TIMMY_WORLD_FILE (world-seed/timmy-world.yaml; "none" applies no world)',
    '  TIMMY_AGENTS ("none" starts no agents), TIMMY_BRIDGES_FILE (timmy.bridges.yaml),',
    '  OLLAMA_HOST, TIMMY_OLLAMA_MODEL (smollm2-timmy): agents think with Ollama when it serves the model',
  ].join('\n'),
  async run() {
    const log = (message: string) => console.log(message);
    await ensurePythonEnvironment(log);
    const game = mainGame(log);

    let living: LivingWorld | undefined;
    let stopping: Promise<void> | undefined;
    let stoppingSince = 0;
    const stop = (reason: string, options: { secondSignalForces?: boolean } = {}) => {
      // A second Ctrl-C stops waiting for a clean shutdown. Not within the first second: a terminal's
      // Ctrl-C reaches us twice at once (directly, and forwarded by npm).
      if (stopping && options.secondSignalForces && Date.now() - stoppingSince > 1000) {
        game.killSync();
        process.exit(130);
      }
      if (stopping) return stopping;
      stoppingSince = Date.now();
      log(`\n${reason}: stopping ${living ? 'the agents and bridges, then ' : ''}Evennia ...`);
      stopping = (living?.stop() ?? Promise.resolve())
        .catch(error => log(`stopping the agents and bridges: ${(error as Error).message}`))
        .then(() => game.stop())
        .then(() => log('Evennia stopped.'));
      return stopping;
    };
    let resolveDone: (code: number) => void = () => {};
    const done = new Promise<number>(resolve => {
      resolveDone = resolve;
    });
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.on(signal, () => void stop(signal, { secondSignalForces: true }).then(() => resolveDone(0)));
    }
    // Last resort: whatever ends this process, Evennia does not outlive it.
    process.on('exit', () => game.killSync());
    // A parent killed outright (npm or a shell getting SIGKILL) sends us nothing: notice the re-parenting.
    const parent = process.ppid;
    const orphanWatch = setInterval(() => {
      if (process.ppid !== parent) void stop('parent process exited').then(() => resolveDone(0));
    }, 1000);
    orphanWatch.unref();

    const startMs = await game.start();
    if (stopping) return done;
    const host = game.host === '0.0.0.0' ? '127.0.0.1' : game.host;

    const worldFile = process.env.TIMMY_WORLD_FILE ?? DEFAULT_WORLD_FILE;
    if (worldFile !== 'none') {
      try {
        const world = await applyWorldFile(
          worldFile,
          { host, port: game.ports.websocket },
          readSuperuserCredentials(),
        );
        log(`World ${world.name}: ${applySummary(world.plan)} (${(world.ms / 1000).toFixed(1)} s).`);
      } catch (error) {
        console.error(`The world could not be applied: ${(error as Error).message}`);
        if (error instanceof WorldSeedError && error.fix) console.error(`  fix: ${error.fix}`);
        await stop('world file error');
        return 1;
      }
      if (stopping) return done;
    }
    try {
      living = await startLivingWorld({
        host,
        ports: game.ports,
        superuser: readSuperuserCredentials(),
        log,
      });
    } catch (error) {
      if (stopping) return done;
      console.error(`The agents could not be started: ${(error as Error).message}`);
      await stop('agent start error');
      return 1;
    }
    if (stopping) return done;
    log(
      [
        '',
        ...living.summary,
        '',
        `Timmy is up (Evennia ready in ${(startMs / 1000).toFixed(1)} s). Humans connect with:`,
        `  telnet     ${host} ${game.ports.telnet}`,
        `  web client http://${host}:${game.ports.web}/webclient`,
        `  websocket  ws://${host}:${game.ports.websocket}`,
        `The superuser's credentials are in ${superuserCredentialsFile()} (mode 0600).`,
        'Press Ctrl-C to stop.',
      ].join('\n'),
    );

    const watch = setInterval(() => {
      if (stopping || game.isRunning()) return;
      clearInterval(watch);
      console.error('Evennia stopped unexpectedly. The last log lines:');
      for (const { file, lines } of game.logTail(15)) console.error(`--- ${file}\n${lines.join('\n')}`);
      stopping = (living?.stop() ?? Promise.resolve()).catch(() => {}).then(() => game.stop());
      void stopping.then(() => resolveDone(1));
    }, 2000);
    const code = await done;
    clearInterval(watch);
    return code;
  },
};
