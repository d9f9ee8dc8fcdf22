/**
 * What an agent does through the configured bridges (the seed's heartbeat data flow): each finished
 * task becomes an entry of the git journal (status, action, next); each heartbeat is also a signed
 * Nostr event (kind 30078, `d` = timmy/heartbeat/<agent>); and NIP-17 messages from the agent's parent
 * or an operator become tasks. Everything goes through the bridges' durable outbox.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { BridgeServices } from '../../bridges/bridge-services.ts';
import { KEY_FILE_NAME, loadOrCreateAgentKey, type NostrIdentity } from '../../bridges/nostr/agent-key.ts';
import { publishHeartbeat } from '../../bridges/nostr/heartbeat-publisher.ts';
import { fileSeenStore } from '../../bridges/nostr/seen-store.ts';
import { openTaskInbox, type TaskInbox } from '../../bridges/nostr/task-inbox.ts';
import { parseTaskText } from '../tasks/parse-task-text.ts';
import { agentPaths } from './agent-paths.ts';
import type { AgentRuntime } from './agent-runtime.ts';

export interface BridgeLinkOptions {
  services: BridgeServices;
  /** Where agent state lives (`.timmy/agents`). */
  stateRoot: string;
  /** The agent's parent in the lineage, whose key may task it. */
  parent: string | null;
  log: (line: string) => void;
}

/** The agent's Nostr identity, created on first use in its state directory (0600). */
export function agentIdentity(name: string, stateRoot: string): NostrIdentity {
  return loadOrCreateAgentKey(agentPaths(name, stateRoot).directory);
}

/**
 * The public key of an agent that already has one, for `beacon key <character>`; undefined for anyone
 * else (a look-up never creates a key, so asking about a human leaves nothing behind).
 */
export function existingAgentPublicKey(name: string, stateRoot: string): string | undefined {
  // The name comes from a player's command: never let it leave the agents' directory.
  if (!/^[A-Za-z0-9][A-Za-z0-9_-]*$/.test(name)) return undefined;
  const directory = agentPaths(name, stateRoot).directory;
  if (!existsSync(path.join(directory, KEY_FILE_NAME))) return undefined;
  return loadOrCreateAgentKey(directory).publicKey;
}

/** Links one running agent to the bridges; returns the unlink. */
export function linkAgentToBridges(runtime: AgentRuntime, options: BridgeLinkOptions): () => void {
  const { services, log } = options;
  const name = runtime.name;
  const cleanups: (() => void)[] = [];
  let inbox: TaskInbox | undefined;
  const identity = services.nostr ? agentIdentity(name, options.stateRoot) : undefined;

  cleanups.push(
    runtime.onEvent(event => {
      if (event.kind === 'task-end' && services.journal) {
        const { task, outcome } = event.report;
        services.journal.write(
          {
            status: `${name}: ${outcome.status} after ${outcome.steps} steps`,
            action: oneLine(task.title),
            next: oneLine(outcome.summary || 'take the next task from the backlog'),
          },
          { idempotencyKey: `journal:${name}:${task.id}` },
        );
      }
      if (event.kind === 'heartbeat' && services.nostr && identity) {
        publishHeartbeat(
          services.outbox,
          identity,
          { agent: name, status: 'alive', at: new Date(event.at), room: runtime.room?.key ?? null },
          services.nostr.heartbeatKind1 ? { statusNote: {} } : {},
        );
      }
    }),
  );

  if (services.nostr && identity) {
    const authorised = [...services.nostr.operators];
    if (options.parent) authorised.push(agentIdentity(options.parent, options.stateRoot).publicKey);
    if (authorised.length > 0) {
      inbox = openTaskInbox({
        pool: services.nostr.pool,
        relays: services.nostr.relays,
        identity,
        authorised,
        seen: fileSeenStore(path.join(agentPaths(name, options.stateRoot).directory, 'nostr-seen.txt')),
        log: line => log(`${name} nostr: ${line}`),
        onTask: task => {
          void runtime
            .enqueue({
              id: `nostr-${task.id.slice(0, 16)}`,
              title: task.text,
              goal: parseTaskText(task.text),
              source: 'nostr',
              requestedBy: task.from,
            })
            .catch(error => log(`${name}: the Nostr task failed: ${(error as Error).message}`));
        },
      });
    }
  }
  return () => {
    for (const cleanup of cleanups) cleanup();
    inbox?.close();
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat || '-';
}
