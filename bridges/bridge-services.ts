/**
 * The bridges `timmy up` runs, built from timmy.bridges.yaml: the durable outbox every write goes
 * through, the Gitea client with its deliverers, webhook receiver and heartbeat scan, the Nostr
 * relays, the git journal, and the warden that answers the board and the beacon in game. A bridge
 * that is not configured is not started; with none configured, nothing here runs and the board and
 * beacon keep saying their bridge is offline.
 */
import path from 'node:path';
import type { BridgesConfig } from './config/load-bridges-config.ts';
import { BridgeError } from './errors.ts';
import { giteaBoardHandlers } from './gitea/board-handlers.ts';
import { createGiteaClient, type GiteaClient } from './gitea/gitea-client.ts';
import { runHeartbeat } from './gitea/heartbeat.ts';
import { registerGiteaDeliverers } from './gitea/outbox-deliverers.ts';
import { describeWebhookEvent } from './gitea/webhook-payloads.ts';
import { startWebhookReceiver, type WebhookReceiver } from './gitea/webhook-receiver.ts';
import { Journal } from './journal/journal.ts';
import { JournalRepository } from './journal/journal-repository.ts';
import { loadOrCreateAgentKey, type NostrIdentity } from './nostr/agent-key.ts';
import { nostrBeaconHandlers } from './nostr/beacon-handlers.ts';
import { registerNostrDeliverers } from './nostr/publish-deliverer.ts';
import { createRelayPool, type NostrPool } from './nostr/relay-pool.ts';
import { Outbox } from './outbox/outbox.ts';
import type { WardenHandlers } from './warden/answer-request.ts';
import { startWarden, type Warden } from './warden/warden.ts';

/** How often the Gitea heartbeat scan runs (the seed's periodic repository check). */
const GITEA_HEARTBEAT_MS = 15 * 60_000;

export interface BridgeServicesOptions {
  config: BridgesConfig;
  /** The running game: where the warden connects. */
  host: string;
  ports: { websocket: number };
  superuser: { username: string; password: string };
  /** Where the warden keeps its Nostr key and its account's credentials (0600), e.g. .timmy/secrets/warden. */
  secretsDirectory: string;
  /** An agent's public key (hex) by character name, for `beacon key`. */
  agentKeyOf?: (character: string) => string | undefined;
  log: (line: string) => void;
}

export interface NostrServices {
  pool: NostrPool;
  relays: readonly string[];
  operators: readonly string[];
  heartbeatKind1: boolean;
}

export interface BridgeServices {
  outbox: Outbox;
  gitea?: GiteaClient;
  journal?: Journal;
  nostr?: NostrServices;
  warden?: Warden;
  webhook?: WebhookReceiver;
  /** One line per started bridge, for the `timmy up` banner. */
  summary: string[];
  stop(): Promise<void>;
}

function requireSecret(source: { read(): string } | undefined, what: string, fix: string): string {
  const value = source?.read();
  if (!value)
    throw new BridgeError('BRIDGE_ERR_CONFIG_INVALID', 'config', `${what} is not configured`, { fix });
  return value;
}

/** Starts the configured bridges; undefined when none is configured. */
export async function startBridgeServices(
  options: BridgeServicesOptions,
): Promise<BridgeServices | undefined> {
  const { config, log } = options;
  if (!config.gitea && !config.nostr && !config.journal) return undefined;
  const outbox = new Outbox({
    file: config.outbox.file,
    maxAttempts: config.outbox.maxAttempts,
    onLoopError: error => log(`outbox: ${(error as Error).message}`),
  });
  const summary: string[] = [];
  const handlers: WardenHandlers = {};
  const stops: (() => Promise<void>)[] = [];
  let warden: Warden | undefined;
  let gitea: GiteaClient | undefined;
  let journal: Journal | undefined;
  let nostr: NostrServices | undefined;
  let webhook: WebhookReceiver | undefined;
  try {
    if (config.gitea) {
      const { url, owner, name } = config.gitea;
      gitea = createGiteaClient({
        baseUrl: url,
        token: requireSecret(
          config.gitea.token,
          'the Gitea token',
          'set TIMMY_GITEA_TOKEN or gitea.tokenFile (mode 0600) in timmy.bridges.yaml',
        ),
      });
      registerGiteaDeliverers(outbox, gitea);
      handlers.gitea = giteaBoardHandlers({ client: gitea, outbox, repository: `${owner}/${name}` });
      summary.push(`gitea    ${url} (${owner}/${name})`);
    }
    if (config.nostr) {
      const pool = createRelayPool();
      const relays = config.nostr.relays;
      registerNostrDeliverers(outbox, pool, relays);
      const wardenKey: NostrIdentity = loadOrCreateAgentKey(options.secretsDirectory);
      handlers.nostr = nostrBeaconHandlers({
        pool,
        relays,
        outbox,
        warden: wardenKey,
        keyOf: character => options.agentKeyOf?.(character),
        log: line => log(`beacon: ${line}`),
      });
      nostr = {
        pool,
        relays,
        operators: config.nostr.operators,
        heartbeatKind1: config.nostr.heartbeatKind1,
      };
      stops.push(async () => pool.close([...relays]));
      summary.push(`nostr    ${relays.join(', ')} (warden ${wardenKey.npub})`);
    }
    if (config.journal) {
      const journalConfig = config.journal;
      const repository = new JournalRepository({
        directory: journalConfig.directory,
        branch: journalConfig.branch,
        author: journalConfig.author,
        ...(journalConfig.remote ? { remote: journalConfig.remote } : {}),
        token: () => journalConfig.token?.read(),
      });
      journal = new Journal({ repository, outbox, timeZone: journalConfig.timeZone });
      summary.push(
        `journal  ${journalConfig.directory}${journalConfig.remote ? ` → ${journalConfig.remote}` : ''}`,
      );
    }
    if (handlers.gitea || handlers.nostr) {
      warden = await startWarden({
        host: options.host,
        ports: options.ports,
        credentials: {
          superuser: options.superuser,
          file: path.join(options.secretsDirectory, 'warden.json'),
        },
        handlers,
        outbox,
        logger: { info: log, warn: log },
      });
      const activeWarden = warden;
      stops.push(() => activeWarden.stop());
    }
    if (config.gitea?.webhook && gitea) {
      const activeWarden = warden;
      webhook = await startWebhookReceiver({
        secret: requireSecret(
          config.gitea.webhook.secret,
          'the Gitea webhook secret',
          'set TIMMY_GITEA_WEBHOOK_SECRET or gitea.webhook.secretFile (mode 0600)',
        ),
        host: config.gitea.webhook.host,
        port: config.gitea.webhook.port,
        log: line => log(`webhook: ${line}`),
        onEvent: async event => {
          await activeWarden?.announce({
            bridge: 'gitea',
            kind: 'webhook',
            text: describeWebhookEvent(event),
          });
        },
      });
      const receiver = webhook;
      stops.push(() => receiver.stop());
      summary.push(`webhooks ${webhook.url}`);
    }
    if (gitea && config.gitea) {
      const client = gitea;
      const repository = `${config.gitea.owner}/${config.gitea.name}`;
      const activeWarden = warden;
      const beat = async () => {
        try {
          const report = await runHeartbeat({ client, outbox, repositories: [repository] });
          log(`gitea heartbeat: ${report.text.split('\n')[0]}`);
          await activeWarden?.announce({ bridge: 'gitea', kind: 'heartbeat', text: report.text });
        } catch (error) {
          log(`gitea heartbeat failed: ${(error as Error).message}`);
        }
      };
      const timer = setInterval(() => void beat(), GITEA_HEARTBEAT_MS);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }
    outbox.start();
  } catch (error) {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    outbox.close();
    throw error;
  }
  return {
    outbox,
    ...(gitea ? { gitea } : {}),
    ...(journal ? { journal } : {}),
    ...(nostr ? { nostr } : {}),
    ...(warden ? { warden } : {}),
    ...(webhook ? { webhook } : {}),
    summary,
    async stop() {
      for (const stop of stops.reverse())
        await stop().catch(error => log(`bridge stop: ${(error as Error).message}`));
      await outbox.stop();
      outbox.close();
    },
  };
}
