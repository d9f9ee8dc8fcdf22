import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { SupervisorError } from './errors.ts';

/** The five ports one Evennia instance listens on. */
export interface PortSet {
  telnet: number;
  web: number;
  webInternal: number;
  websocket: number;
  amp: number;
}

/** Evennia's stock ports. */
export const DEFAULT_PORTS: PortSet = {
  telnet: 4000,
  web: 4001,
  webInternal: 4005,
  websocket: 4002,
  amp: 4006,
};

const ENVIRONMENT_NAMES: Record<keyof PortSet, string> = {
  telnet: 'EVENNIA_TELNET_PORT',
  web: 'EVENNIA_WEB_PORT',
  webInternal: 'EVENNIA_WEB_INTERNAL_PORT',
  websocket: 'EVENNIA_WEBSOCKET_PORT',
  amp: 'EVENNIA_AMP_PORT',
};

/** Reads the port set from the same environment variables `evennia-game/server/conf/settings.py` reads. */
export function portsFromEnvironment(environment: NodeJS.ProcessEnv = process.env): PortSet {
  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(ENVIRONMENT_NAMES) as (keyof PortSet)[]) {
    const raw = environment[ENVIRONMENT_NAMES[key]]?.trim();
    if (!raw) continue;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new SupervisorError(
        'SUPERVISOR_ERR_BAD_CONFIG',
        `${ENVIRONMENT_NAMES[key]}=${raw} is not a port number`,
      );
    }
    ports[key] = port;
  }
  return ports;
}

export function portsToEnvironment(ports: PortSet): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(ENVIRONMENT_NAMES) as (keyof PortSet)[]).map(key => [
      ENVIRONMENT_NAMES[key],
      String(ports[key]),
    ]),
  );
}

/** Asks the kernel for free loopback ports, all distinct. */
export async function allocateFreePorts(host = '127.0.0.1'): Promise<PortSet> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let index = 0; index < 5; index++) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, host, () => resolve());
      });
      const address = server.address();
      if (address && typeof address === 'object') ports.push(address.port);
    }
    const [telnet, web, webInternal, websocket, amp] = ports as [number, number, number, number, number];
    return { telnet, web, webInternal, websocket, amp };
  } finally {
    await Promise.all(servers.map(server => new Promise(resolve => server.close(resolve))));
  }
}

/** True when something already listens on host:port (we try to bind it ourselves). */
export function isPortTaken(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise(resolve => {
    const server = net.createServer();
    server.once('error', () => resolve(true));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** Best effort on Linux: which process listens on a TCP port, from /proc. */
export function describePortOwner(port: number): string | undefined {
  try {
    const inodes = new Set<string>();
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let lines: string[];
      try {
        lines = readFileSync(table, 'utf8').split('\n').slice(1);
      } catch {
        continue;
      }
      for (const line of lines) {
        const fields = line.trim().split(/\s+/);
        const local = fields[1];
        if (!local || fields[3] !== '0A') continue; // 0A = LISTEN
        if (Number.parseInt(local.split(':').pop() ?? '', 16) === port && fields[9]) inodes.add(fields[9]);
      }
    }
    if (inodes.size === 0) return undefined;
    for (const pid of readdirSync('/proc').filter(name => /^\d+$/.test(name))) {
      let descriptors: string[];
      try {
        descriptors = readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const descriptor of descriptors) {
        let target: string;
        try {
          target = readlinkSync(`/proc/${pid}/fd/${descriptor}`);
        } catch {
          continue;
        }
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode && inodes.has(inode)) {
          return describeProcess(pid);
        }
      }
    }
    return 'a process this user cannot inspect';
  } catch {
    return undefined;
  }
}

export const PORT_LABELS: Record<keyof PortSet, string> = {
  telnet: 'telnet',
  web: 'web server',
  webInternal: 'internal web server',
  websocket: 'websocket',
  amp: 'AMP (Portal-Server link)',
};

/** Throws SUPERVISOR_ERR_PORT_TAKEN naming the first taken port and, when it can tell, its owner. */
export async function assertPortsFree(ports: PortSet, host = '127.0.0.1'): Promise<void> {
  for (const key of Object.keys(PORT_LABELS) as (keyof PortSet)[]) {
    if (!(await isPortTaken(ports[key], host))) continue;
    const owner = describePortOwner(ports[key]);
    throw new SupervisorError(
      'SUPERVISOR_ERR_PORT_TAKEN',
      `Port ${ports[key]} (${PORT_LABELS[key]}) is already in use${owner ? ` by ${owner}` : ''}.`,
      {
        fix: `stop that process, or choose other ports: ${ENVIRONMENT_NAMES[key]}=<port> npm start`,
      },
    );
  }
}

/** A short, human description of a process: Evennia's daemons by role and game dir, others by command. */
export function describeProcess(pid: string | number): string {
  const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  const role = commandLine.find(part => /portal\.py$|server\.py$/.test(part));
  if (role) {
    let cwd = '?';
    try {
      cwd = readlinkSync(`/proc/${pid}/cwd`);
    } catch {}
    return `Evennia's ${role.endsWith('portal.py') ? 'Portal' : 'Server'} (pid ${pid}) of the game in ${cwd}`;
  }
  return `pid ${pid} (${commandLine.join(' ').slice(0, 120)})`;
}
