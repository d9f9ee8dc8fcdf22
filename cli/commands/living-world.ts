/**
 * What `timmy up` starts once the world is applied: the configured bridges (with the warden) and the
 * default lineage of agents, linked to each other. Ollama thinks for the agents only when it is
 * configured (`OLLAMA_HOST` or `TIMMY_OLLAMA_MODEL`) and answers with that model; otherwise GOAP.
 */
import path from 'node:path';
import { resolveOllamaHost } from '../../agents/brains/ollama/index.ts';
import type { BrainConfig } from '../../agents/definitions/agent-definition.ts';
import { agentsDir } from '../../agents/runtime/agent-paths.ts';
import { existingAgentPublicKey, linkAgentToBridges } from '../../agents/runtime/bridge-links.ts';
import { type Lineage, startLineage } from '../../agents/runtime/start-lineage.ts';
import { type BridgeServices, startBridgeServices } from '../../bridges/bridge-services.ts';
import { loadBridgesConfig } from '../../bridges/config/load-bridges-config.ts';
import { BridgeError } from '../../bridges/errors.ts';
import { stateDir } from '../../supervisor/paths.ts';

export interface LivingWorld {
  bridges: BridgeServices | undefined;
  lineage: Lineage | undefined;
  /** Lines for the banner. */
  summary: string[];
  stop(): Promise<void>;
}

export interface LivingWorldOptions {
  host: string;
  ports: { telnet: number; websocket: number };
  superuser: { username: string; password: string };
  log: (line: string) => void;
  environment?: NodeJS.ProcessEnv;
}

const DEFAULT_OLLAMA_MODEL = 'smollm2-timmy';

/** The Ollama brain when Ollama is configured and serves the model; else undefined (GOAP). */
export async function configuredOllama(
  log: (line: string) => void,
  environment: NodeJS.ProcessEnv = process.env,
  fetchFunction: typeof fetch = fetch,
): Promise<BrainConfig | undefined> {
  if (!environment.OLLAMA_HOST && !environment.TIMMY_OLLAMA_MODEL) return undefined;
  const configured = resolveOllamaHost(undefined, environment);
  const host = /^https?:\/\//.test(configured) ? configured : `http://${configured}`;
  const model = environment.TIMMY_OLLAMA_MODEL ?? DEFAULT_OLLAMA_MODEL;
  try {
    const response = await fetchFunction(new URL('/api/tags', host), { signal: AbortSignal.timeout(3000) });
    const body = (await response.json()) as { models?: { name?: string; model?: string }[] };
    const names = (body.models ?? []).flatMap(item => [item.name, item.model]).filter(Boolean);
    if (!names.some(name => name === model || name === `${model}:latest`)) {
      log(`Ollama at ${host} does not serve ${model} (ollama create/pull it); the agents think with GOAP.`);
      return undefined;
    }
    return { kind: 'ollama', model, host };
  } catch (error) {
    log(`Ollama at ${host} is not reachable (${(error as Error).message}); the agents think with GOAP.`);
    return undefined;
  }
}

export async function startLivingWorld(options: LivingWorldOptions): Promise<LivingWorld> {
  const { log } = options;
  const environment = options.environment ?? process.env;
  const summary: string[] = [];
  const stateRoot = agentsDir(environment);
  let bridges: BridgeServices | undefined;
  try {
    bridges = await startBridgeServices({
      config: loadBridgesConfig({ environment }),
      host: options.host,
      ports: options.ports,
      superuser: options.superuser,
      secretsDirectory: path.join(stateDir(environment), 'secrets', 'warden'),
      agentKeyOf: character => existingAgentPublicKey(character, stateRoot),
      log,
    });
  } catch (error) {
    if (!(error instanceof BridgeError)) throw error;
    log(`The bridges were not started: ${error.message}`);
    if (error.fix) log(`  fix: ${error.fix}`);
  }
  if (bridges) summary.push('Bridges:', ...bridges.summary.map(line => `  ${line}`));
  else summary.push('Bridges: none configured (copy bridges/config/example.yaml to timmy.bridges.yaml).');

  let lineage: Lineage | undefined;
  const unlinks: (() => void)[] = [];
  if (environment.TIMMY_AGENTS !== 'none') {
    const brain = await configuredOllama(log, environment);
    const services = bridges;
    try {
      lineage = await startLineage({
        game: { host: options.host, ports: options.ports },
        superuser: options.superuser,
        ...(brain ? { brain } : {}),
        stateRoot,
        progress: log,
        logger: { info: line => log(line), warn: line => log(line) },
        onRuntime: runtime => {
          if (services)
            unlinks.push(
              linkAgentToBridges(runtime, {
                services,
                stateRoot,
                parent: runtime.definition.parent,
                log,
              }),
            );
        },
      });
      summary.push(
        `Agents (${brain ? `Ollama ${brain.kind === 'ollama' ? brain.model : ''}, GOAP fallback` : 'GOAP'}): ${lineage.agents.map(agent => agent.name).join(', ')}`,
      );
    } catch (error) {
      await bridges?.stop();
      throw error;
    }
  }
  return {
    bridges,
    lineage,
    summary,
    async stop() {
      for (const unlink of unlinks) unlink();
      await lineage?.stop();
      await bridges?.stop();
    },
  };
}
