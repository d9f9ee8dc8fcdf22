import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BridgeError } from '../errors.ts';
import { isTimeZone, localTime } from './local-time.ts';

describe('localTime', () => {
  it('gives the UTC date and time with a zero offset in UTC', () => {
    assert.deepEqual(localTime(Date.UTC(2026, 10, 24, 23, 30, 5), 'UTC'), {
      date: '2026-11-24',
      time: '23:30:05',
      offset: '+00:00',
    });
  });

  it('moves to the next local day east of Greenwich', () => {
    assert.deepEqual(localTime(Date.UTC(2026, 10, 24, 23, 30, 5), 'Europe/Paris'), {
      date: '2026-11-25',
      time: '00:30:05',
      offset: '+01:00',
    });
  });

  it('follows daylight saving time and half-hour offsets', () => {
    assert.equal(localTime(Date.UTC(2026, 6, 1, 12), 'Europe/Paris').offset, '+02:00');
    assert.deepEqual(localTime(Date.UTC(2026, 0, 1, 2), 'America/St_Johns'), {
      date: '2025-12-31',
      time: '22:30:00',
      offset: '-03:30',
    });
  });

  it('refuses an unknown time zone with a configuration error', () => {
    assert.equal(isTimeZone('Mars/Olympus_Mons'), false);
    assert.throws(
      () => localTime(0, 'Mars/Olympus_Mons'),
      (error: unknown) => {
        return error instanceof BridgeError && error.code === 'BRIDGE_ERR_CONFIG_INVALID';
      },
    );
  });
});
