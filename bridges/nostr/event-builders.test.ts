import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { verifyEvent } from 'nostr-tools/pure';
import { generateIdentity } from './agent-key.ts';
import { artifactReportTemplate, readArtifactReport } from './artifact-report.ts';
import { tagValue, tagValues } from './event-schema.ts';
import { heartbeatTemplate, readHeartbeat } from './heartbeat.ts';
import { publishHeartbeat } from './heartbeat-publisher.ts';
import { statusNoteTemplate } from './status-note.ts';

const agent = generateIdentity();
const at = new Date('2026-11-05T10:15:30.000Z');

describe('heartbeatTemplate', () => {
  it('builds an addressable kind-30078 event with a d tag per agent and JSON content', () => {
    const template = heartbeatTemplate({
      agent: 'Ezra',
      status: 'working',
      at,
      room: 'Fraternity Hall',
      task: 'greet Timmy',
    });
    assert.equal(template.kind, 30078);
    assert.equal(template.created_at, Math.floor(at.getTime() / 1000));
    assert.equal(tagValue(template.tags, 'd'), 'timmy/heartbeat/Ezra');
    assert.deepEqual(tagValues(template.tags, 't'), ['timmy-heartbeat']);
    assert.deepEqual(JSON.parse(template.content), {
      agent: 'Ezra',
      status: 'working',
      at: '2026-11-05T10:15:30.000Z',
      room: 'Fraternity Hall',
      task: 'greet Timmy',
    });
  });

  it('round-trips through signing and reading, with null room and task when unknown', () => {
    const event = agent.sign(heartbeatTemplate({ agent: 'Allegro-Primus', status: 'idle', at }));
    assert.ok(verifyEvent(event));
    assert.deepEqual(readHeartbeat(event), {
      agent: 'Allegro-Primus',
      status: 'idle',
      at: at.toISOString(),
      room: null,
      task: null,
    });
  });

  it('refuses an agent name that would break the d tag', () => {
    assert.throws(() => heartbeatTemplate({ agent: 'ezra/../timmy', status: 'idle', at }));
  });

  it('does not read a heartbeat whose d tag names another agent than its content', () => {
    const template = heartbeatTemplate({ agent: 'Ezra', status: 'idle', at });
    template.tags[0] = ['d', 'timmy/heartbeat/Timmy'];
    assert.equal(readHeartbeat(agent.sign(template)), undefined);
  });
});

describe('statusNoteTemplate', () => {
  it('builds a kind-1 note with a NIP-40 expiration after the ttl and a t tag', () => {
    const template = statusNoteTemplate(
      { agent: 'Ezra', status: 'working', at, room: 'Teaching Grove', task: 'teach' },
      900,
    );
    assert.equal(template.kind, 1);
    assert.equal(tagValue(template.tags, 'expiration'), String(template.created_at + 900));
    assert.deepEqual(tagValues(template.tags, 't'), ['timmy-heartbeat']);
    assert.equal(template.content, 'Ezra is working in Teaching Grove, working on: teach');
  });

  it('refuses a ttl that is not a positive whole number of seconds', () => {
    assert.throws(() => statusNoteTemplate({ agent: 'Ezra', status: 'idle', at }, 0), RangeError);
  });
});

describe('artifactReportTemplate', () => {
  it('builds the seed’s kind-30078 artifact report with d, e, t and r tags', () => {
    const heartbeat = agent.sign(heartbeatTemplate({ agent: 'Ezra', status: 'working', at }));
    const template = artifactReportTemplate({
      agent: 'Ezra',
      type: 'git-commit',
      reference: '3f2a9c1d0b8e7f6a5c4d3e2f1a0b9c8d7e6f5a4b',
      summary: 'thoughts/2026-11-05.md',
      at,
      relatedEvent: heartbeat.id,
    });
    assert.equal(template.kind, 30078);
    assert.equal(
      tagValue(template.tags, 'd'),
      'timmy/artifact/Ezra/git-commit/3f2a9c1d0b8e7f6a5c4d3e2f1a0b9c8d7e6f5a4b',
    );
    assert.equal(tagValue(template.tags, 'e'), heartbeat.id);
    assert.deepEqual(tagValues(template.tags, 't'), [
      'timmy-heartbeat',
      'timmy-artifact',
      'artifact-type:git-commit',
    ]);
    assert.equal(tagValue(template.tags, 'r'), '3f2a9c1d0b8e7f6a5c4d3e2f1a0b9c8d7e6f5a4b');
    const read = readArtifactReport(agent.sign(template));
    assert.equal(read?.summary, 'thoughts/2026-11-05.md');
  });

  it('leaves out the e tag when no event is related, and refuses an e tag that is not an event id', () => {
    const base = {
      agent: 'Ezra',
      type: 'gitea-issue' as const,
      reference: 'http://127.0.0.1/x/1',
      summary: 's',
      at,
    };
    assert.equal(tagValue(artifactReportTemplate(base).tags, 'e'), undefined);
    assert.throws(() => artifactReportTemplate({ ...base, relatedEvent: 'artifact-reference' }));
  });
});

describe('publishHeartbeat', () => {
  it('enqueues the signed heartbeat, and the status note only when it is enabled', () => {
    const enqueued: { kind: number; tags: string[][] }[] = [];
    const outbox = {
      enqueue<Payload>(request: { payload: Payload }) {
        enqueued.push((request.payload as { event: { kind: number; tags: string[][] } }).event);
        return { entry: { id: enqueued.length } as never, duplicate: false };
      },
    };
    publishHeartbeat(outbox, agent, { agent: 'Ezra', status: 'idle', at });
    assert.deepEqual(
      enqueued.map(event => event.kind),
      [30078],
    );
    const entries = publishHeartbeat(
      outbox,
      agent,
      { agent: 'Ezra', status: 'idle', at },
      { statusNote: { ttlSeconds: 600 } },
    );
    assert.equal(entries.length, 2);
    assert.deepEqual(
      enqueued.map(event => event.kind),
      [30078, 30078, 1],
    );
    assert.equal(
      tagValue(enqueued[2]?.tags ?? [], 'expiration'),
      String(Math.floor(at.getTime() / 1000) + 600),
    );
  });
});
