import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { giteaBoardHandlers } from '../../bridges/gitea/board-handlers.ts';
import { createGiteaClient, type GiteaClient } from '../../bridges/gitea/gitea-client.ts';
import { registerGiteaDeliverers } from '../../bridges/gitea/outbox-deliverers.ts';
import { Outbox } from '../../bridges/outbox/outbox.ts';
import { startWarden, type Warden } from '../../bridges/warden/warden.ts';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { type EvenniaInstance, useEvennia } from '../harness/evennia-instance.ts';
import { type GiteaInstance, useGitea } from '../harness/gitea-instance.ts';

// Assigned inside the top-level suite, whose hooks start and stop the servers around all tests.
let evennia: () => EvenniaInstance;
let gitea: () => GiteaInstance;
let client: GiteaClient;
let repository: string;
let builder: MudSession;
let warden: Warden | undefined;
const state = mkdtempSync(path.join(os.tmpdir(), 'warden-gitea-'));
const outbox = new Outbox({ file: path.join(state, 'outbox.db') });

describe('the Repository Board on a real Gitea through the warden', () => {
  evennia = useEvennia();
  gitea = useGitea();

  before(async () => {
    client = createGiteaClient({ baseUrl: gitea().url, token: gitea().token });
    const created = await client.repositories.create({ name: 'lineage', autoInit: true });
    repository = created.full_name;
    await client.issues.create(repository, { title: 'The lamp in the hall flickers', body: 'Seen at dusk.' });
    registerGiteaDeliverers(outbox, client);
    outbox.start();
    const { username, password } = await evennia().createAccount('Bezalel');
    await evennia().applyWorld();
    await evennia().asSuperuser(admin => admin.send(`perm *${username} = Builder`));
    warden = await startWarden({
      host: evennia().host,
      ports: evennia().ports,
      credentials: { superuser: evennia().superuser, file: path.join(state, 'warden.json') },
      handlers: { gitea: giteaBoardHandlers({ client, outbox, repository }) },
      outbox,
      logger: { info: () => {}, warn: line => process.stderr.write(`# ${line}\n`) },
    });
    builder = await evennia().login(username, password);
    await builder.send('north');
    await builder.send('northwest');
  });

  after(async () => {
    await warden?.stop();
    await builder?.close();
    await outbox.stop();
    rmSync(state, { recursive: true, force: true });
  });

  test('a builder lists, reads, files and comments on real issues from inside the game', async () => {
    const listed = await builder.send('board');
    assert.match(listed.text, /The lamp in the hall flickers/);
    const read = await builder.send('board read 1');
    assert.match(read.text, /Seen at dusk\./);
    const filed = await builder.send('board file The well is dry = No water since morning.');
    assert.match(filed.text, /The board stirs/);
    const issues = await client.issues.list(repository, { state: 'open' });
    const well = issues.items.find(issue => issue.title === 'The well is dry');
    assert.ok(well, `no issue filed: ${filed.text}`);
    await builder.send(`board comment ${well.number} = Fetched water from the river.`);
    const comments = await client.issues.comments(repository, well.number);
    assert.ok(comments.items.some(comment => comment.body.includes('Fetched water from the river.')));
  });
});
