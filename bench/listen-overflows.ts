import { readFileSync } from 'node:fs';

/**
 * The kernel's count of connections dropped because a listening socket's accept queue was full
 * (TcpExt ListenOverflows/ListenDrops in /proc/net/netstat, for this network namespace). Twisted listens
 * with a backlog of 50, so a burst of connects can overflow it; each drop costs the client a 1 s SYN retry.
 */
export function listenDrops(): { overflows: number; drops: number } {
  try {
    const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
    const index = lines.findIndex(line => line.startsWith('TcpExt:'));
    const names = lines[index]?.split(/\s+/) ?? [];
    const values = lines[index + 1]?.split(/\s+/) ?? [];
    const value = (name: string) => Number(values[names.indexOf(name)] ?? Number.NaN);
    return { overflows: value('ListenOverflows'), drops: value('ListenDrops') };
  } catch {
    return { overflows: Number.NaN, drops: Number.NaN };
  }
}
