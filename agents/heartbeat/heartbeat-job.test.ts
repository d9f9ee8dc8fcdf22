import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { OobEvent } from '../../mud-client/index.ts';
import { heartbeatRule, startHeartbeat } from './heartbeat-job.ts';

describe('heartbeatRule', () => {
  test('turns an interval into an evenly spaced cron rule with seconds', () => {
    assert.equal(heartbeatRule(15), '*/15 * * * * *');
    assert.equal(heartbeatRule(900), '0 */15 * * * *');
    assert.equal(heartbeatRule(7), '*/6 * * * * *');
    assert.equal(heartbeatRule(7200), '0 0 */2 * * *');
  });
});

describe('startHeartbeat', () => {
  test('sends heartbeats with the status and its interval at each tick and stops sending after stop()', async () => {
    const sent: Record<string, unknown>[] = [];
    const session = {
      async request(name: string, kwargs: Record<string, unknown> = {}): Promise<OobEvent> {
        sent.push({ name, ...kwargs });
        return {
          kind: 'oob',
          name: 'heartbeat_ack',
          args: [],
          kwargs: { requestId: 'r1', at: 1_700_000_000.5 },
        };
      },
    };
    const beats: number[] = [];
    const job = startHeartbeat({
      session,
      intervalSeconds: 1,
      status: () => 'idle',
      onBeat: at => beats.push(at),
    });
    await new Promise(resolve => setTimeout(resolve, 2300));
    job.stop();
    const count = sent.length;
    assert.ok(count >= 2, `at least the first beat and one tick, got ${count}`);
    assert.deepEqual(sent[0], { name: 'heartbeat', status: 'idle', interval: 1 });
    assert.equal(beats[0], 1_700_000_000_500);
    await new Promise(resolve => setTimeout(resolve, 1200));
    assert.equal(sent.length, count, 'no beat after stop()');
  });

  test('reports a refused beat as a miss and keeps going', async () => {
    const misses: string[] = [];
    const session = {
      async request(): Promise<OobEvent> {
        throw new Error('heartbeat failed: there is no Heartbeat Shrine in the world');
      },
    };
    const job = startHeartbeat({
      session,
      intervalSeconds: 60,
      status: () => 'idle',
      onMiss: reason => misses.push(reason),
    });
    assert.equal(await job.beat(), undefined);
    job.stop();
    assert.match(misses[0] ?? '', /no Heartbeat Shrine/);
  });
});
