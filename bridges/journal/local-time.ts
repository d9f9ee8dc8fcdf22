/**
 * The local calendar date and wall-clock time of an instant in an IANA time zone (`Europe/Paris`, `UTC`),
 * which names the journal file of the day and heads each entry. `Intl` does the zone arithmetic, so
 * daylight-saving changes and half-hour offsets come out right.
 */
import { BridgeError } from '../errors.ts';

export interface LocalTime {
  /** `2026-11-24` */
  date: string;
  /** `09:05:03` */
  time: string;
  /** `+01:00`, `-03:30`, `+00:00` */
  offset: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    try {
      cached = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
    } catch (error) {
      throw new BridgeError('BRIDGE_ERR_CONFIG_INVALID', 'journal', `unknown time zone "${timeZone}"`, {
        cause: error,
        fix: 'use an IANA time zone name such as Europe/Paris or UTC',
      });
    }
    formatters.set(timeZone, cached);
  }
  return cached;
}

/** Whether the runtime knows this IANA time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

export function localTime(epochMs: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) parts[part.type] = part.value;
  const { year, month, day, hour, minute, second } = parts;
  const wall = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const offsetMinutes = Math.round((wall - Math.floor(epochMs / 1000) * 1000) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
  return { date: `${year}-${month}-${day}`, time: `${hour}:${minute}:${second}`, offset };
}

/** The time zone of this machine (`TZ`, else the system's). */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}
