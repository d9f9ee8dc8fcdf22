/**
 * Brings a lineage of agents into a running game (what `timmy up` calls once the world is applied, and
 * `timmy agent run` for one agent): read the definitions, provision every account over one short
 * superuser session, then start one `AgentRuntime` per agent, each with its own session. `stop()` stops
 * them all gracefully.
 */
import { mudSession } from '../../mud-client/index.ts';
import { openWorldSession, type WorldCredentials } from '../../world-seed/world-session.ts';
import { provisionAgent } from '../accounts/provision-agent.ts';
import type { Brain } from '../brains/brain.ts';
import type { AgentDefinition, BrainConfig } from '../definitions/agent-definition.ts';
import { DEFAULT_LINEAGE_FILE, findDefinition, readLineageFile } from '../definitions/definition-file.ts';
import { agentPaths, agentsDir } from './agent-paths.ts';
import { type AgentLogger, AgentRuntime } from './agent-runtime.ts';
import type { AgentSession } from './agent-session.ts';
import type { AgentToolkit } from './agent-toolkit.ts';
import { createBrain } from './brain-factory.ts';
import { defaultToolkit } from './default-toolkit.ts';

export interface GameAddress {
  host: string;
  ports: { telnet: number; websocket: number };
}

export interface LineageOptions {
  game: GameAddress;
  /** The privileged account that provisions the agents (npm start's superuser). */
  superuser: WorldCredentials;
  /** Overrides every definition's brain (e.g. `--brain ollama --model M`). */
  brain?: BrainConfig;
  /** Default agents/lineage.yaml. */
  lineageFile?: string;
  /** Only these agents (names, case-insensitive); default all. */
  only?: readonly string[];
  /** Where agent state lives; default .timmy/agents (TIMMY_STATE_DIR moves it). */
  stateRoot?: string;
  /** One line per slow start-up step. */
  progress?: (message: string) => void;
  logger?: AgentLogger;
  toolkit?: AgentToolkit;
  /** Makes each agent's brain (default: brain-factory.ts). */
  createBrain?: (definition: AgentDefinition) => Brain;
  /** Makes each agent's session (default: mud-client over the definition's transport). */
  createSession?: (definition: AgentDefinition, game: GameAddress) => AgentSession;
  /** Changes applied to every definition (tests: faster pace, shorter heartbeat). */
  adjust?: (definition: AgentDefinition) => AgentDefinition;
  heartbeat?: boolean;
  /** Called with each runtime before it starts, so no event of its first steps is missed. */
  onRuntime?: (runtime: AgentRuntime) => void;
}

export interface Lineage {
  agents: AgentRuntime[];
  stop(): Promise<void>;
}

export function defaultSession(definition: AgentDefinition, game: GameAddress): AgentSession {
  return mudSession({
    transport: definition.transport,
    host: game.host,
    port: definition.transport === 'telnet' ? game.ports.telnet : game.ports.websocket,
  });
}

export async function startLineage(options: LineageOptions): Promise<Lineage> {
  const progress = options.progress ?? (() => {});
  const lineage = readLineageFile(options.lineageFile ?? DEFAULT_LINEAGE_FILE);
  const adjust = options.adjust ?? (definition => definition);
  const definitions = (
    options.only ? options.only.map(name => findDefinition(lineage, name)) : lineage.agents
  ).map(definition => adjust(options.brain ? { ...definition, brain: options.brain } : definition));
  const root = options.stateRoot ?? agentsDir();

  progress(`Provisioning ${definitions.length} agent account(s) ...`);
  const admin = await openWorldSession(
    { host: options.game.host, port: options.game.ports.websocket },
    options.superuser,
  );
  const provisioned = new Map<string, { password: string; builder: boolean }>();
  try {
    for (const definition of definitions) {
      const account = await provisionAgent(admin, definition, agentPaths(definition.name, root));
      provisioned.set(definition.name, { password: account.password, builder: definition.builder });
      progress(
        `  ${definition.name}: ${account.created ? 'created' : 'up to date'} (${account.character.dbref})`,
      );
    }
  } finally {
    await admin.close();
  }

  const toolkit = options.toolkit ?? defaultToolkit();
  const agents: AgentRuntime[] = [];
  const stopAll = async () => {
    await Promise.all(agents.map(agent => agent.stop()));
  };
  try {
    for (const definition of definitions) {
      const account = provisioned.get(definition.name) as { password: string; builder: boolean };
      const runtime = new AgentRuntime({
        definition,
        paths: agentPaths(definition.name, root),
        password: account.password,
        brain: (options.createBrain ?? (item => createBrain(item.brain, options.logger)))(definition),
        toolkit,
        session: (options.createSession ?? defaultSession)(definition, options.game),
        isBuilder: account.builder,
        ...(options.logger ? { logger: options.logger } : {}),
        ...(options.heartbeat === undefined ? {} : { heartbeat: options.heartbeat }),
      });
      options.onRuntime?.(runtime);
      agents.push(runtime);
      await runtime.start();
      progress(`  ${definition.name} is in ${runtime.room?.key ?? 'the world'} (${definition.brain.kind})`);
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  return { agents, stop: stopAll };
}
