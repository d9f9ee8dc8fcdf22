import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { stringify } from 'yaml';
import { parseRoomInfo, type RoomInfo } from '../../mud-client/perception/room-info.ts';
import type { MudSession } from '../../mud-client/session/mud-session.ts';
import { projectRoot } from '../../supervisor/paths.ts';
import { type DesiredWorld, desiredWorld } from '../../world-seed/desired-world.ts';
import { WorldSeedError } from '../../world-seed/errors.ts';
import { exportWorld } from '../../world-seed/exporter.ts';
import { applyOperations, fetchSnapshot } from '../../world-seed/world-client.ts';
import { DEFAULT_WORLD_FILE, parseWorldFile, readWorldFile } from '../../world-seed/world-file.ts';
import type { WorldFile } from '../../world-seed/world-file-schema.ts';
import { worldFileToYaml } from '../../world-seed/world-file-writer.ts';
import { applyLive, planLive } from '../../world-seed/world-sync.ts';
import { type EvenniaInstance, useEvennia } from '../harness/evennia-instance.ts';

// Assigned inside the top-level suite, whose hooks start and stop the server around all tests.
let evennia: () => EvenniaInstance;
let admin: MudSession;

const timmyWorld = () => desiredWorld(readWorldFile(DEFAULT_WORLD_FILE));

/** The Timmy world file, changed by `edit` (on its parsed form), as a desired world. */
function editedWorld(edit: (world: WorldFile) => void): DesiredWorld {
  const world = structuredClone(readWorldFile(DEFAULT_WORLD_FILE).world);
  edit(world);
  return desiredWorld(parseWorldFile(stringify(world), 'edited.yaml'));
}

const loggedIn = (username: string, password: string) => evennia().login(username, password);

const rejection = (code: WorldSeedError['code'], pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof WorldSeedError, String(error));
  assert.equal(error.code, code);
  assert.match(error.message, pattern);
  assert.doesNotMatch(error.message, /\n/, 'one line');
  return true;
};

/** The last `room_info` a command brought. */
function roomInfoOf(result: {
  oob: { kind: 'oob'; name: string; args: unknown[]; kwargs: Record<string, unknown> }[];
}) {
  const rooms = result.oob.map(event => parseRoomInfo(event)).filter(room => room !== undefined);
  const room = rooms.at(-1);
  assert.ok(room, 'the command brought no room_info');
  return room;
}

/**
 * Walks a character from where it stands through every room it can reach, by exits alone (depth first,
 * back the way it came), and returns the `room_info` of each room by dbref.
 */
async function walkEverywhere(session: MudSession): Promise<Map<string, RoomInfo>> {
  const seen = new Map<string, RoomInfo>();
  const look = await session.send('look');
  const visit = async (room: RoomInfo): Promise<void> => {
    seen.set(room.dbref, room);
    for (const exit of room.exits) {
      if (!exit.destination || seen.has(exit.destination.dbref)) continue;
      const arrived = roomInfoOf(await session.send(exit.key));
      assert.equal(arrived.dbref, exit.destination.dbref, `${exit.key} from ${room.key}`);
      await visit(arrived);
      const back = arrived.exits.find(candidate => candidate.destination?.dbref === room.dbref);
      assert.ok(back, `no way back from ${arrived.key} to ${room.key}`);
      assert.equal(roomInfoOf(await session.send(back.key)).dbref, room.dbref);
    }
  };
  await visit(roomInfoOf(look));
  return seen;
}

describe('the world as code against a real Evennia', () => {
  evennia = useEvennia();

  before(async () => {
    admin = await loggedIn(evennia().superuser.username, evennia().superuser.password);
  });

  after(async () => {
    await admin?.close();
  });

  test('an account that is not privileged cannot snapshot or change the world', async () => {
    const { username, password } = await evennia().createAccount('Visitor');
    const visitor = await loggedIn(username, password);
    try {
      await assert.rejects(
        fetchSnapshot(visitor),
        rejection('WORLD_ERR_FORBIDDEN', /world_snapshot needs a privileged account/),
      );
      const intrude = [{ op: 'create' as const, kind: 'room' as const, seedId: 'intruder', key: 'Intruder' }];
      await assert.rejects(
        applyOperations(visitor, intrude),
        rejection('WORLD_ERR_FORBIDDEN', /world_apply/),
      );
    } finally {
      await visitor.close();
    }
    const live = await fetchSnapshot(admin);
    assert.equal(
      live.some(object => object.seedId === 'intruder'),
      false,
    );
  });

  test('a world file with an unknown typeclass is refused by name and changes nothing', async () => {
    const before = await fetchSnapshot(admin);
    const ghostly = editedWorld(world => {
      const beacon = world.areas?.[0]?.rooms[0]?.things?.[0];
      assert.equal(beacon?.id, 'hall.nostr-beacon');
      beacon.typeclass = 'typeclasses.nowhere.Ghost';
    });
    await assert.rejects(
      applyLive(admin, ghostly),
      rejection(
        'WORLD_ERR_REJECTED',
        /\(create hall\.nostr-beacon\): unknown typeclass 'typeclasses\.nowhere\.Ghost'/,
      ),
    );
    assert.deepEqual(await fetchSnapshot(admin), before);
  });

  test('timmy world apply on an invalid file prints one clear error each and changes nothing', async () => {
    const before = await fetchSnapshot(admin);
    const text = readFileSync(DEFAULT_WORLD_FILE, 'utf8');
    const broken = {
      'bad exit target': [
        text.replace('to: hall.learning-library }', 'to: hall.reading-room }'),
        /exits\[2\]\.to: exit "west" of room "hall" leads to "hall\.reading-room", which is no room in this file$/,
      ],
      'duplicate id': [
        text.replace('id: hall.birth-chamber.cradle', 'id: hall.birth-chamber'),
        /things\[0\]\.id: duplicate id "hall\.birth-chamber" \(first used at .*timmy-world\.yaml:\d+:\d+/,
      ],
      'wrong type': [
        text.replace('version: 1', 'version: 1\nthings: 42'),
        /things: expected array, got number$/,
      ],
    } as const;
    const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-world-'));
    try {
      for (const [name, [content, expected]] of Object.entries(broken)) {
        const file = path.join(directory, 'timmy-world.yaml');
        writeFileSync(file, content);
        const run = await timmy(['world', 'apply', file, '--port', String(evennia().ports.websocket)], []);
        assert.equal(run.code, 1, name);
        const lines = run.stderr.trim().split('\n');
        assert.equal(lines.length, 1, `${name}: ${run.stderr}`);
        assert.match(lines[0] ?? '', /^timmy world apply: .*timmy-world\.yaml:\d+:\d+: /, name);
        assert.match(lines[0] ?? '', expected, name);
      }
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    assert.deepEqual(await fetchSnapshot(admin), before);
  });

  test('apply creates the seventeen rooms of the four areas and every object of the file', async () => {
    const outcome = await applyLive(admin, timmyWorld());
    assert.equal(outcome.plan.create.length, 66);
    assert.deepEqual(outcome.plan.update, ['limbo']);
    const live = await fetchSnapshot(admin);
    const rooms = live.filter(object => object.kind === 'room' && object.area !== null);
    assert.equal(rooms.length, 17);
    assert.deepEqual([...new Set(rooms.map(room => room.area))].sort(), [
      'archives',
      'grove',
      'hall',
      'spire',
    ]);
    const typeclassOf = (seedId: string) => live.find(object => object.seedId === seedId)?.typeclass;
    assert.equal(typeclassOf('hall.heartbeat-shrine.shrine'), 'typeclasses.shrine.HeartbeatShrine');
    assert.equal(typeclassOf('hall.nostr-beacon'), 'typeclasses.bridges.NostrBeacon');
    assert.equal(typeclassOf('archives.repository-board'), 'typeclasses.bridges.RepositoryBoard');
    assert.equal(typeclassOf('spire.ollama-sanctum.oracle'), 'typeclasses.bridges.OllamaOracle');
    assert.equal(typeclassOf('grove.assessment-circles'), 'typeclasses.rooms.AssessmentCircle');
    const stones = live.filter(object => object.typeclass === 'typeclasses.lessons.LessonStone');
    assert.equal(stones.length, 5);
    assert.ok(stones.every(stone => typeof stone.attributes.teaching === 'string'));
    assert.equal(live.filter(object => object.seedId !== null).length, 66);
  });

  test('a second apply changes nothing', async () => {
    const outcome = await applyLive(admin, timmyWorld());
    assert.deepEqual(outcome.plan.operations, []);
    assert.deepEqual(outcome.results, []);
    assert.equal(outcome.plan.unchanged, 67);
  });

  test('timmy world plan --json reports the shape scripts read', async () => {
    const directory = mkdtempSync(path.join(os.tmpdir(), 'timmy-world-'));
    try {
      const passwordFile = path.join(directory, 'password');
      writeFileSync(passwordFile, `${evennia().superuser.password}\n`);
      const run = await timmy(
        ['world', 'plan', '--json', '--port', String(evennia().ports.websocket)],
        ['--user', evennia().superuser.username, '--password-file', passwordFile],
      );
      assert.equal(run.code, 0, run.stderr);
      const json = JSON.parse(run.stdout);
      assert.deepEqual(
        { create: json.create, update: json.update, drift: json.drift, unchanged: json.unchanged },
        { create: [], update: [], drift: [], unchanged: 67 },
      );
    } finally {
      rmSync(directory, { recursive: true, force: true });
      // One session per account (MULTISESSION_MODE 0): the CLI's login ended the suite's admin session.
      await admin.close();
      admin = await loggedIn(evennia().superuser.username, evennia().superuser.password);
    }
  });

  test('a new character walks from where it arrives through every room by exits alone', async () => {
    const { username, password } = await evennia().createAccount('Walker');
    const walker = await loggedIn(username, password);
    try {
      await walker.subscribeRoomInfo();
      const seen = await walkEverywhere(walker);
      const seeds = [...seen.values()].map(room => room.seedId ?? room.key);
      assert.equal(seen.size, 18);
      for (const room of timmyWorld().objects.filter(
        object => object.kind === 'room' && object.dbref === undefined,
      )) {
        assert.ok(seeds.includes(room.id), `never reached ${room.id}`);
      }
    } finally {
      await walker.close();
    }
  });

  test('room_info in every room matches the world file', async () => {
    const { username, password } = await evennia().createAccount('Surveyor');
    const surveyor = await loggedIn(username, password);
    const world = timmyWorld();
    try {
      await surveyor.subscribeRoomInfo();
      const seen = await walkEverywhere(surveyor);
      assert.equal(seen.size, 18);
      for (const info of seen.values()) {
        const room = info.seedId === null ? world.byId.get('limbo') : world.byId.get(info.seedId);
        assert.ok(room, `room_info of ${info.key} has no entry in the file`);
        assert.equal(room.dbref === undefined ? info.seedId : info.dbref, room.dbref ?? room.id);
        assert.deepEqual([info.key, info.area, info.desc], [room.key, room.area, room.desc], room.id);
        const exits = world.objects.filter(object => object.kind === 'exit' && object.location === room.id);
        assert.deepEqual(
          info.exits.map(exit => [exit.key, exit.aliases, exit.destination?.seedId ?? exit.destination?.key]),
          exits.map(exit => {
            const target = world.byId.get(exit.destination ?? '');
            return [exit.key, exit.aliases, target?.dbref ? target.key : target?.id];
          }),
          `exits of ${room.id}`,
        );
        const things = world.objects.filter(object => object.kind === 'thing' && object.location === room.id);
        assert.deepEqual(
          info.things.map(thing => [thing.key, thing.seedId, thing.typeclass]),
          things.map(thing => [thing.key, thing.id, thing.typeclass]),
          `things of ${room.id}`,
        );
      }
      const shrineRoom = [...seen.values()].find(info => info.seedId === 'hall.heartbeat-shrine');
      assert.ok(shrineRoom?.commands.includes('shrine'), 'the shrine command is offered where the shrine is');
    } finally {
      await surveyor.close();
    }
  });

  test('a description changed in the game shows as drift, and apply sets it back', async () => {
    const library = (await fetchSnapshot(admin)).find(object => object.seedId === 'hall.learning-library');
    assert.ok(library);
    const changed = await admin.send(`desc ${library.dbref} = Someone has rearranged every shelf.`);
    assert.match(changed.text, /description was set/i);
    const { plan } = await planLive(admin, timmyWorld());
    assert.deepEqual([plan.drift, plan.update, plan.create], [['hall.learning-library'], [], []]);
    assert.deepEqual(
      plan.changes[0]?.fields.map(field => [field.field, field.live, field.cause]),
      [['desc', 'Someone has rearranged every shelf.', 'live']],
    );
    await applyLive(admin, timmyWorld());
    assert.deepEqual((await planLive(admin, timmyWorld())).plan.operations, []);
  });

  test('planning the export of the live world shows no change, also after a builder digs a room by hand', async () => {
    assert.deepEqual(await planOfExport(), { operations: 0, unmanaged: 0, unchanged: 67 });
    const dug = await admin.send('dig Potting Shed = shed;sh, out;o');
    assert.match(dug.text, /Created room Potting Shed/);
    assert.deepEqual(await planOfExport(), { operations: 0, unmanaged: 0, unchanged: 70 });
  });

  test('apply --prune deletes what the file no longer seeds, and nothing made by hand', async () => {
    const withoutMemorial = editedWorld(world => {
      const archives = world.areas?.find(area => area.id === 'archives');
      assert.ok(archives);
      archives.rooms = archives.rooms.filter(room => room.id !== 'archives.memorial-wall');
      const hub = archives.rooms.find(room => room.id === 'archives');
      if (hub?.exits) hub.exits = hub.exits.filter(exit => exit.to !== 'archives.memorial-wall');
    });
    const kept = await applyLive(admin, withoutMemorial);
    assert.deepEqual(kept.results, []);
    assert.equal(kept.plan.prune.length, 3);
    const pruned = await applyLive(admin, withoutMemorial, { prune: true });
    assert.deepEqual(
      pruned.results.map(result => [result.op, result.seedId]),
      [
        ['delete', 'archives/archives.memorial-wall'],
        ['delete', 'archives.memorial-wall/archives'],
        ['delete', 'archives.memorial-wall'],
      ],
    );
    const live = await fetchSnapshot(admin);
    assert.ok(
      live.some(object => object.key === 'Potting Shed'),
      'the hand-dug room survives',
    );
    const restored = await applyLive(admin, timmyWorld());
    assert.equal(restored.plan.create.length, 3);
  });
});

/** Exports the live world, reads the export back and plans it against the same world. */
async function planOfExport() {
  const { world, warnings } = exportWorld(await fetchSnapshot(admin));
  assert.deepEqual(warnings, []);
  const desired = desiredWorld(parseWorldFile(worldFileToYaml(world), 'export.yaml'));
  const { plan } = await planLive(admin, desired);
  return { operations: plan.operations.length, unmanaged: plan.unmanaged, unchanged: plan.unchanged };
}

function timmy(args: string[], moreArgs: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'cli/timmy.ts', ...args, ...moreArgs], {
      cwd: projectRoot,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.on('close', code => resolve({ code, stdout, stderr }));
  });
}
