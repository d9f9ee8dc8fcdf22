import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MudClientError } from '../errors.ts';
import { evenniaToGmcpName, gmcpToEvenniaName } from './gmcp-names.ts';

/** Evennia 5.0.1 `TelnetOOB.decode_gmcp` name handling, as the oracle for outgoing names. */
function evenniaDecodesAs(gmcpName: string): string {
  const underscored = gmcpName.replaceAll('.', '_');
  const stripped = underscored.toLowerCase().startsWith('core_') ? underscored.slice(5) : underscored;
  return stripped.toLowerCase();
}

describe('gmcpToEvenniaName', () => {
  it('maps the GMCP names Evennia sends back to its OOB command names', () => {
    const table: [string, string][] = [
      ['Logged.In', 'logged_in'],
      ['Cmd.Done', 'cmd_done'],
      ['Room.Info', 'room_info'],
      ['Timmy.Hello', 'timmy_hello'],
      ['Core.Heartbeat', 'heartbeat'],
      ['Core.Supports.Get', 'client_options'],
      ['Core.Commands.Get', 'get_inputfuncs'],
      ['Char.Value.Get', 'get_value'],
      ['Char.Repeat.Update', 'repeat'],
      ['Char.Monitor.Update', 'monitor'],
      ['Webclient.Options', 'webclient_options'],
      ['Get.HP', 'get_HP'],
    ];
    for (const [gmcp, evennia] of table) assert.equal(gmcpToEvenniaName(gmcp), evennia, gmcp);
  });
});

describe('evenniaToGmcpName', () => {
  it('builds the names the issue asks for', () => {
    assert.equal(evenniaToGmcpName('text'), 'Core.Text');
    assert.equal(evenniaToGmcpName('login'), 'Core.Login');
    assert.equal(evenniaToGmcpName('timmy_command'), 'Timmy.Command');
    assert.equal(evenniaToGmcpName('get_inputfuncs'), 'Get.Inputfuncs');
  });

  it('keeps a leading core_ that Evennia would otherwise strip', () => {
    assert.equal(evenniaToGmcpName('core_thing'), 'Core.Core.Thing');
    assert.equal(evenniaDecodesAs(evenniaToGmcpName('core_thing')), 'core_thing');
  });

  it('reaches the inputfunc of the same name for any lower-case snake_case name', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9_]{1,30}$/), name => {
        assert.equal(evenniaDecodesAs(evenniaToGmcpName(name)), name);
      }),
    );
  });

  it('refuses names Evennia could not have as an inputfunc', () => {
    for (const name of ['', 'Char.Value', 'two words', 'naïve']) {
      assert.throws(
        () => evenniaToGmcpName(name),
        (error: unknown) => error instanceof MudClientError && error.code === 'MUD_ERR_INVALID_ARGUMENT',
      );
    }
  });
});
