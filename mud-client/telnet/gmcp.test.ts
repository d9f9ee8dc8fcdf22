import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MudClientError } from '../errors.ts';
import { decodeGmcp, encodeGmcp } from './gmcp.ts';

function decoded(text: string) {
  const result = decodeGmcp(Buffer.from(text, 'utf8'));
  if (!result.ok) throw result.error;
  return result.event;
}

describe('decodeGmcp', () => {
  it('inverts each row of Evennia encode_gmcp table into args and kwargs', () => {
    const table: [string, unknown[], Record<string, unknown>][] = [
      ['Logged.In', [], {}],
      ['Room.Info "Limbo"', ['Limbo'], {}],
      ['Room.Info [1, 2]', [1, 2], {}],
      ['Room.Info {"k": "v"}', [], { k: 'v' }],
      ['Room.Info ["Limbo", {"exits": ["north"]}]', ['Limbo'], { exits: ['north'] }],
      ['Room.Info [["a", "b"], {"k": 1}]', ['a', 'b'], { k: 1 }],
      ['Core.Heartbeat 5', [5], {}],
      ['Core.Heartbeat null', [null], {}],
    ];
    for (const [text, args, kwargs] of table) {
      const event = decoded(text);
      assert.deepEqual([event.args, event.kwargs], [args, kwargs], text);
    }
  });

  it('names the event in Evennia snake_case', () => {
    assert.equal(decoded('Core.Commands.Get {"text": "doc"}').name, 'get_inputfuncs');
    assert.equal(decoded('Cmd.Done {"cmdid": 3}').name, 'cmd_done');
  });

  it('turns a non-JSON payload into MUD_ERR_GMCP_NOT_JSON instead of throwing', () => {
    const result = decodeGmcp(Buffer.from('Char.Vitals {hp: 10'));
    assert.equal(result.ok, false);
    assert.equal(!result.ok && result.error.code, 'MUD_ERR_GMCP_NOT_JSON');
    assert.equal(!result.ok && result.error.details.name, 'char_vitals');
  });

  it('turns an empty or blank message into MUD_ERR_GMCP_INVALID', () => {
    for (const text of ['', '   ']) {
      const result = decodeGmcp(Buffer.from(text));
      assert.equal(!result.ok && result.error.code, 'MUD_ERR_GMCP_INVALID');
    }
  });
});

describe('encodeGmcp', () => {
  it('sends args as a JSON array', () => {
    assert.equal(encodeGmcp('text', ['look']).toString(), 'Core.Text ["look"]');
  });

  it('sends kwargs as a JSON object when there are no args', () => {
    assert.equal(
      encodeGmcp('login', [], { name: 'bot1', password: 'pw' }).toString(),
      'Core.Login {"name":"bot1","password":"pw"}',
    );
  });

  it('sends an empty array when there is nothing, so Evennia 5.0.1 passes no empty-string argument', () => {
    assert.equal(encodeGmcp('get_inputfuncs').toString(), 'Get.Inputfuncs []');
  });

  it('drops kwargs when args are given too, since Evennia cannot receive both over GMCP', () => {
    assert.equal(encodeGmcp('timmy_command', ['look'], { cmdid: 1 }).toString(), 'Timmy.Command ["look"]');
  });

  it('throws MUD_ERR_INVALID_ARGUMENT for values JSON cannot carry', () => {
    assert.throws(
      () => encodeGmcp('echo', [1n]),
      (error: unknown) => error instanceof MudClientError && error.code === 'MUD_ERR_INVALID_ARGUMENT',
    );
  });
});
