import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MudEvent } from '../events.ts';
import { MudSession } from '../session/mud-session.ts';
import { ScriptedTransport } from '../testing/scripted-transport.ts';
import { onRoomInfo, parseRoomInfo, type RoomInfo, roomInfoToPerception } from './room-info.ts';

const HALL: RoomInfo = {
  dbref: '#5',
  seedId: 'hall',
  key: 'Fraternity Hall',
  area: 'hall',
  desc: 'A long hall of dark timber beams.',
  exits: [
    { key: 'south', aliases: ['limbo', 's'], destination: { dbref: '#2', seedId: null, key: 'Limbo' } },
    {
      key: 'east',
      aliases: ['e'],
      destination: { dbref: '#6', seedId: 'hall.birth-chamber', key: 'Birth Chamber' },
    },
  ],
  characters: [{ key: 'Ezra', dbref: '#12', agent: true }],
  things: [
    {
      key: 'Nostr beacon',
      dbref: '#9',
      seedId: 'hall.nostr-beacon',
      typeclass: 'typeclasses.bridges.NostrBeacon',
    },
  ],
  commands: ['beacon', 'look', 'say'],
};

const oob = (name: string, kwargs: Record<string, unknown>): MudEvent => ({
  kind: 'oob',
  name,
  args: [],
  kwargs,
});

describe('structured room perception', () => {
  test('parses a room_info message into a typed room', () => {
    assert.deepEqual(parseRoomInfo(oob('room_info', { ...HALL })), HALL);
  });

  test('ignores every other event', () => {
    assert.equal(parseRoomInfo(oob('cmd_done', { cmdid: 1 })), undefined);
    assert.equal(parseRoomInfo({ kind: 'text', text: 'Fraternity Hall' }), undefined);
  });

  test('refuses a room_info outside the protocol instead of half-reading it', () => {
    assert.equal(parseRoomInfo(oob('room_info', { ...HALL, exits: [{ key: 'east' }] })), undefined);
    assert.equal(parseRoomInfo(oob('room_info', { ...HALL, dbref: 5 })), undefined);
  });

  test('gives the same room in the shape of the text parser, marked as structured', () => {
    assert.deepEqual(roomInfoToPerception(HALL), {
      name: 'Fraternity Hall',
      dbref: '#5',
      description: 'A long hall of dark timber beams.',
      exits: ['south', 'east'],
      characters: ['Ezra'],
      things: ['Nostr beacon'],
      source: 'oob',
    });
  });

  test('a subscribed session asks the server for room_info and hands each one to the listener', async () => {
    const transport = new ScriptedTransport({
      respond: (sent, server) => {
        if (sent.type === 'oob' && sent.name === 'room_info_subscribe' && sent.kwargs.enabled === true)
          server.oob('room_info', { ...HALL });
      },
    });
    const session = new MudSession({ transportFactory: () => transport, keepAliveMs: 0 });
    await session.connect();
    const rooms: RoomInfo[] = [];
    const stop = onRoomInfo(session, room => rooms.push(room));
    await session.subscribeRoomInfo();
    assert.deepEqual(transport.sent, [
      { type: 'oob', name: 'room_info_subscribe', args: [], kwargs: { enabled: true } },
    ]);
    assert.deepEqual(rooms, [HALL]);
    stop();
    transport.oob('room_info', { ...HALL, key: 'Elsewhere' });
    assert.equal(rooms.length, 1);
    await session.subscribeRoomInfo(false);
    assert.deepEqual(transport.sent.at(-1), {
      type: 'oob',
      name: 'room_info_subscribe',
      args: [],
      kwargs: { enabled: false },
    });
    await session.close();
  });
});
