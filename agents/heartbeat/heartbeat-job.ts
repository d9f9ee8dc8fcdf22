/**
 * An agent's heartbeat: a node-schedule job at the agent's interval that sends the `heartbeat`
 * inputfunc (world-seed/PROTOCOL.md "Heartbeats": `heartbeat {status?, note?, requestId}` →
 * `heartbeat_ack {requestId, at}`), so the Heartbeat Shrine shows the agent alive. A missed beat (the
 * game reloading, no shrine) is logged and the next one is tried at the next tick; `stop()` cancels it.
 */
import schedule from 'node-schedule';
import { z } from 'zod';
import type { AgentSession } from '../runtime/agent-session.ts';

const HeartbeatAck = z.object({ at: z.number() });

export interface HeartbeatOptions {
  session: Pick<AgentSession, 'request'>;
  intervalSeconds: number;
  /** What the agent reports now (e.g. "working: go to the grove", "idle"). */
  status(): string;
  /** Called with the server's time (ms) of every acknowledged beat. */
  onBeat?(at: number): void;
  /** A beat the server refused or did not answer. */
  onMiss?(reason: string): void;
  /** Also beat once at start (default true). */
  beatAtStart?: boolean;
}

export interface HeartbeatJob {
  /** Sends one heartbeat now; resolves with the acknowledged time (ms) or undefined when it failed. */
  beat(): Promise<number | undefined>;
  stop(): void;
}

/**
 * A cron rule (node-schedule, with a seconds field) firing every `seconds`: rounded to a divisor of the
 * minute, of the hour or of the day, so the beats stay evenly spaced.
 */
export function heartbeatRule(seconds: number): string {
  const pick = (value: number, divisors: readonly number[]) =>
    divisors.reduce((best, divisor) => (Math.abs(divisor - value) < Math.abs(best - value) ? divisor : best));
  if (seconds < 60) return `*/${pick(Math.round(seconds), [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30])} * * * * *`;
  if (seconds < 3600)
    return `0 */${pick(Math.round(seconds / 60), [1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30])} * * * *`;
  return `0 0 */${pick(Math.round(seconds / 3600), [1, 2, 3, 4, 6, 8, 12, 24])} * * *`;
}

export function startHeartbeat(options: HeartbeatOptions): HeartbeatJob {
  let stopped = false;
  let inFlight: Promise<number | undefined> | undefined;
  const beat = (): Promise<number | undefined> => {
    if (stopped) return Promise.resolve(undefined);
    // A slow server never gets two beats of the same agent at once.
    inFlight ??= (async () => {
      try {
        const reply = await options.session.request(
          'heartbeat',
          { status: options.status().slice(0, 200), interval: options.intervalSeconds },
          { reply: 'heartbeat_ack', timeoutMs: 15_000 },
        );
        const ack = HeartbeatAck.safeParse(reply.kwargs);
        if (!ack.success) {
          options.onMiss?.('heartbeat_ack without a time');
          return undefined;
        }
        const at = Math.round(ack.data.at * 1000);
        options.onBeat?.(at);
        return at;
      } catch (error) {
        if (!stopped) options.onMiss?.((error as Error).message);
        return undefined;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  };
  const job = schedule.scheduleJob(heartbeatRule(options.intervalSeconds), () => void beat());
  if (options.beatAtStart ?? true) void beat();
  return {
    beat,
    stop() {
      stopped = true;
      job?.cancel();
    },
  };
}
