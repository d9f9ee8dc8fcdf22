/**
 * The process the outbox kill -9 test (outbox-kill.spec.ts) kills: it opens the outbox in the given file,
 * enqueues `count` entries named `<prefix>-<n>` (printing `enqueued <key>` only after `enqueue` returned,
 * i.e. after the row was committed) and delivers everything pending to the target URL, then prints
 * `drained` and exits.
 *
 *   tsx test/integration/outbox-kill-child.ts <outbox file> <target url> <prefix> <count>
 */
import { Outbox } from '../../bridges/outbox/outbox.ts';
import { DeliveryError } from '../../bridges/outbox/outbox-contract.ts';

const [file, target, prefix, countText] = process.argv.slice(2);
if (!file || !target || !prefix || !countText) {
  process.stderr.write('usage: outbox-kill-child.ts <file> <target url> <prefix> <count>\n');
  process.exit(2);
}

const outbox = new Outbox({
  file,
  maxAttempts: 1_000,
  backoff: { baseDelayMs: 20, maxDelayMs: 300 },
  maxInFlightPerBridge: 3,
  leaseMs: 30_000,
});
outbox.register('gitea', 'test.deliver', async (payload: { key: string }, context) => {
  const response = await fetch(target, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': context.idempotencyKey },
    body: JSON.stringify({ key: payload.key, attempt: context.attempt }),
    signal: context.signal,
  });
  if (response.status >= 500) throw new Error(`target answered ${response.status}`);
  if (!response.ok) throw new DeliveryError(`target refused with ${response.status}`, { retryable: false });
  return (await response.json()) as unknown;
});
outbox.start();
process.stdout.write('ready\n');

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
for (let index = 0; index < Number(countText); index++) {
  const key = `${prefix}-${index}`;
  outbox.enqueue({ bridge: 'gitea', kind: 'test.deliver', idempotencyKey: key, payload: { key } });
  process.stdout.write(`enqueued ${key}\n`);
  await sleep(Math.random() * 6);
}
for (;;) {
  const stats = outbox.stats();
  if (stats.pending === 0 && stats.delivering === 0) break;
  await sleep(25);
}
process.stdout.write(`drained ${JSON.stringify(outbox.stats())}\n`);
await outbox.close();
