/**
 * Benchmark: a fleet of GOAP agents (agents/runtime) in one Node process against one Evennia with the
 * Timmy world, in one run on one server:
 *
 * 1. baseline: as many raw telnet sockets (bench/raw-telnet-client.ts), each logged in as one of the
 *    agents' accounts and then idle: what merely holding the connections costs;
 * 2. the fleet: one `AgentRuntime` per account (its own mud-client session, memory, state file,
 *    trajectory), living on its standing goals at a brisk idle pace.
 *
 * For each, over the same measured window: this process's CPU (percent of one core) and RSS, both per
 * agent, Evennia's CPU (Portal + Server), and for the fleet the steps per second. `--clients N` sets the
 * fleet size (default here 100: `npm run bench -- agent-fleet --clients 100`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { provisionAgent } from '../agents/accounts/provision-agent.ts';
import { agentPaths } from '../agents/runtime/agent-paths.ts';
import { startLineage } from '../agents/runtime/start-lineage.ts';
import { applyWorldFile } from '../world-seed/apply-world-file.ts';
import { DEFAULT_WORLD_FILE } from '../world-seed/world-file.ts';
import { openWorldSession } from '../world-seed/world-session.ts';
import type { Benchmark, BenchmarkOptions, BenchmarkReport } from './benchmark.ts';
import { startEvenniaServer } from './evennia-server.ts';
import { cell, markdownTable, ratioCell } from './markdown-table.ts';
import { totalCpuSeconds } from './process-usage.ts';
import { RawTelnetClient } from './raw-telnet-client.ts';
import { ratio } from './statistics.ts';

const WINDOW_MS = 30_000;
const IDLE_STEP_MS = 2000;
/** The benchmark's default fleet, unless --clients says otherwise (its global default, 200, is for logins). */
const DEFAULT_AGENTS = 100;

interface Usage {
  ms: number;
  cpuPercentPerAgent: number;
  evenniaCpuPercent: number;
}

/** This process's CPU per agent and Evennia's CPU (Portal + Server) over a window. */
async function measure(agents: number, window: number, pids: readonly number[]): Promise<Usage> {
  const cpuBefore = process.cpuUsage();
  const evenniaBefore = totalCpuSeconds(pids);
  const started = performance.now();
  await new Promise(resolve => setTimeout(resolve, window));
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    ms,
    cpuPercentPerAgent: ((cpu.user + cpu.system) / 1000 / ms / agents) * 100,
    evenniaCpuPercent: ((totalCpuSeconds(pids) - evenniaBefore) / (ms / 1000)) * 100,
  };
}

export const agentFleet: Benchmark = {
  name: 'agent-fleet',
  description: 'GOAP agents in one process against one Evennia: CPU, RSS and steps/s, vs idle raw sockets',
  async run(options: BenchmarkOptions): Promise<BenchmarkReport> {
    const count = options.clients === 200 ? DEFAULT_AGENTS : options.clients;
    const names = Array.from({ length: count }, (_, index) => `Fleet-${String(index + 1).padStart(3, '0')}`);
    const scratch = mkdtempSync(path.join(os.tmpdir(), 'timmy-fleet-'));
    const server = await startEvenniaServer();
    const status = server.supervisor.status();
    const pids = [status.portal, status.server].filter((pid): pid is number => pid !== undefined);
    try {
      const address = { host: server.host, port: server.ports.websocket };
      await applyWorldFile(DEFAULT_WORLD_FILE, address, server.superuser);
      const lineageFile = path.join(scratch, 'fleet.yaml');
      writeFileSync(
        lineageFile,
        [
          'version: 1',
          'agents:',
          ...names.map(
            name =>
              `  - { name: ${name}, role: fleet member, goals: [explore], heartbeat: 1h, limits: { idleStepMs: ${IDLE_STEP_MS}, taskStepMs: 100 } }`,
          ),
        ].join('\n'),
      );
      const root = path.join(scratch, 'agents');
      options.log(`provisioning ${count} accounts`);
      const passwords = new Map<string, string>();
      const admin = await openWorldSession(address, server.superuser);
      try {
        for (const name of names) {
          const account = await provisionAgent(
            admin,
            { name, builder: false, parent: null, role: 'fleet member' },
            agentPaths(name, root),
          );
          passwords.set(name, account.password);
        }
      } finally {
        await admin.close();
      }

      options.log(`baseline: ${count} raw telnet sockets logged in and idle`);
      const baseRss = process.memoryUsage().rss;
      const sockets: RawTelnetClient[] = [];
      for (const name of names) {
        const socket = await RawTelnetClient.connect(server.host, server.ports.telnet, { noDelay: true });
        await socket.waitForConnectionScreen();
        socket.sendLine(`connect ${name} ${passwords.get(name)}`);
        await socket.waitFor('Timmy.Hello', 100).catch(() => undefined);
        sockets.push(socket);
      }
      await new Promise(resolve => setTimeout(resolve, 2000));
      const baseline = await measure(count, WINDOW_MS, pids);
      const baselineRss = (process.memoryUsage().rss - baseRss) / 1024 / 1024 / count;
      await Promise.all(sockets.map(socket => socket.close()));

      options.log(`fleet: starting ${count} GOAP agents`);
      const fleetRssBase = process.memoryUsage().rss;
      const startStarted = performance.now();
      const lineage = await startLineage({
        game: {
          host: server.host,
          ports: { telnet: server.ports.telnet, websocket: server.ports.websocket },
        },
        superuser: server.superuser,
        lineageFile,
        stateRoot: root,
        heartbeat: false,
      });
      const startMs = performance.now() - startStarted;
      let steps = 0;
      for (const agent of lineage.agents) agent.onEvent(event => event.kind === 'step' && steps++);
      let fleet: Usage;
      let fleetSteps: number;
      try {
        await new Promise(resolve => setTimeout(resolve, 5000));
        const stepsBefore = steps;
        fleet = await measure(count, WINDOW_MS, pids);
        fleetSteps = steps - stepsBefore;
      } finally {
        options.log('stopping the fleet');
        await lineage.stop();
      }
      const fleetRss = (process.memoryUsage().rss - fleetRssBase) / 1024 / 1024 / count;
      const stepsPerSecond = fleetSteps / (fleet.ms / 1000);
      const table = markdownTable(
        ['series', 'agents', 'CPU %/agent', 'RSS MiB/agent', 'Evennia CPU %', 'steps/s'],
        [
          [
            'idle raw telnet sockets (baseline)',
            String(count),
            cell(baseline.cpuPercentPerAgent, 3),
            cell(baselineRss, 2),
            cell(baseline.evenniaCpuPercent, 1),
            '–',
          ],
          [
            'GOAP agents (AgentRuntime)',
            String(count),
            cell(fleet.cpuPercentPerAgent, 3),
            cell(fleetRss, 2),
            cell(fleet.evenniaCpuPercent, 1),
            cell(stepsPerSecond, 1),
          ],
        ],
      );
      return {
        table,
        notes: [
          `Measured over ${WINDOW_MS / 1000} s each; the agents follow their standing goals with ${IDLE_STEP_MS} ms between steps (one step: offer tools, GOAP plan, command, memory, state file).`,
          `Starting ${count} agents (login, room_info, command_help, pending requests) took ${(startMs / 1000).toFixed(1)} s, sequentially.`,
          `An agent costs ${ratioCell(ratio(fleet.cpuPercentPerAgent, baseline.cpuPercentPerAgent))} the client CPU of an idle socket; RSS per agent is the growth of this process while it ran.`,
        ],
        data: {
          agents: count,
          windowMs: WINDOW_MS,
          idleStepMs: IDLE_STEP_MS,
          baseline: { ...baseline, rssMiBPerAgent: baselineRss },
          fleet: { ...fleet, rssMiBPerAgent: fleetRss, steps: fleetSteps, stepsPerSecond, startMs },
        },
      };
    } finally {
      await server.stop();
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
