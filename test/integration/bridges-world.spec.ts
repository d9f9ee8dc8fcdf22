/**
 * The bridges as `npm start` composes them (bridges/bridge-services.ts from a timmy.bridges.yaml), against
 * a real Evennia, a real Gitea and a real nostr-rs-relay: a real Gitea webhook is verified and announced in
 * the Lineage Archives, the board lists Gitea's issues, and a beacon post reaches the relay signed by the
 * warden.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type BridgeServices, startBridgeServices } from '../../bridges/bridge-services.ts';
import { loadBridgesConfig } from '../../bridges/config/load-bridges-config.ts';
import { createGiteaClient, type GiteaClient } from '../../bridges/gitea/gitea-client.ts';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { allocateFreePorts } from '../../supervisor/ports.ts';
import { writeSecretFile } from '../../supervisor/secrets.ts';
import { type EvenniaInstance, useEvennia } from '../harness/evennia-instance.ts';
import { type GiteaInstance, useGitea } from '../harness/gitea-instance.ts';
import { type RelayInstance, useRelay } from '../harness/nostr-relay.ts';
import { RawNostrClient } from '../harness/raw-nostr-client.ts';

const TIMEOUT = { timeout: 120_000 };
const state = mkdtempSync(path.join(os.tmpdir(), 'bridges-world-'));
let evennia: () => EvenniaInstance;
let gitea: () => GiteaInstance;
let relay: () => RelayInstance;
let services: BridgeServices | undefined;
let client: GiteaClient;
let builder: MudSession;
const heard: string[] = [];

/** Resolves with the first text the session receives that matches, within `ms`. */
function nextText(session: MudSession, pattern: RegExp, ms = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no text matching ${pattern} within ${ms} ms; heard: ${heard.slice(-5).join(' | ')}`));
    }, ms);
    const stop = session.onEvent(event => {
      if (event.kind === 'text' && pattern.test(event.text)) {
        clearTimeout(timer);
        stop();
        resolve(event.text);
      }
    });
  });
}

describe('the bridges npm start runs, on real Gitea, Nostr and Evennia', () => {
  evennia = useEvennia();
  gitea = useGitea();
  relay = useRelay();

  before(async () => {
    client = createGiteaClient({ baseUrl: gitea().url, token: gitea().token });
    await client.repositories.create({ name: 'lineage', autoInit: true });
    const repository = `${gitea().adminUser}/lineage`;
    const tokenFile = path.join(state, 'gitea-token');
    const secretFile = path.join(state, 'webhook-secret');
    writeSecretFile(tokenFile, gitea().token);
    writeSecretFile(secretFile, 'a-webhook-secret-for-this-test');
    const { telnet: webhookPort } = await allocateFreePorts();
    const configFile = path.join(state, 'timmy.bridges.yaml');
    writeFileSync(
      configFile,
      [
        'gitea:',
        `  url: ${gitea().url}`,
        `  repository: ${repository}`,
        `  tokenFile: ${tokenFile}`,
        '  webhook:',
        `    port: ${webhookPort}`,
        `    secretFile: ${secretFile}`,
        'nostr:',
        `  relays: [${relay().url}]`,
        'outbox:',
        `  file: ${path.join(state, 'outbox.sqlite')}`,
        '',
      ].join('\n'),
    );
    const account = await evennia().createAccount('Bezalel');
    await evennia().applyWorld();
    await evennia().asSuperuser(admin => admin.send(`perm *${account.username} = Builder`));
    services = await startBridgeServices({
      config: loadBridgesConfig({ file: configFile, environment: {} }),
      host: evennia().host,
      ports: evennia().ports,
      superuser: evennia().superuser,
      secretsDirectory: path.join(state, 'warden'),
      log: line => process.stderr.write(`# ${line}\n`),
    });
    assert.ok(services?.webhook, 'the webhook receiver runs');
    await client.hooks.create(repository, {
      url: services.webhook.url,
      secret: 'a-webhook-secret-for-this-test',
      events: ['issues'],
    });
    builder = await evennia().login(account.username, account.password);
    builder.onEvent(event => {
      if (event.kind === 'text') heard.push(event.text);
    });
  });

  after(async () => {
    await builder?.close();
    await services?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  test('a real Gitea webhook is verified and announced in the Lineage Archives', TIMEOUT, async () => {
    await builder.send('north');
    const archives = await builder.send('northwest');
    assert.match(archives.text, /Lineage Archives/);
    const announced = nextText(builder, /The dry well|\[gitea\]/);
    await client.issues.create(`${gitea().adminUser}/lineage`, {
      title: 'The dry well',
      body: 'Since morning.',
    });
    assert.match(await announced, /\[gitea\].*The dry well/);
    assert.equal(services?.webhook?.stats.rejected, 0);
    assert.ok((services?.webhook?.stats.accepted ?? 0) >= 1);
  });

  test('the board in the Archives lists the repository issues through the warden', TIMEOUT, async () => {
    const listed = await builder.send('board');
    assert.match(listed.text, /The dry well/);
  });

  test('a beacon post in the Fraternity Hall reaches the relay, signed by the warden', TIMEOUT, async () => {
    await builder.send('southeast');
    const hall = await builder.send('look');
    assert.match(hall.text, /Fraternity Hall/);
    const posted = await builder.send('beacon post The lamps are lit.');
    assert.doesNotMatch(posted.text, /offline|not answer/i);
    const reader = await RawNostrClient.connect(relay().url);
    try {
      const notes = (await reader.query({ kinds: [1], '#t': ['timmy-beacon'] })) as { content: string }[];
      assert.ok(
        notes.some(note => note.content.includes('The lamps are lit.')),
        `relay notes: ${JSON.stringify(notes.map(note => note.content))}; game said: ${posted.text}`,
      );
    } finally {
      await reader.close();
    }
  });
});
