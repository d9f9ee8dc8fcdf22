/**
 * Reads the dummyrunner's stdout line by line (evennia/server/profiling/dummyrunner.py, 5.0.1) and keeps
 * the moments and counts the benchmark needs. The dummyrunner prints one report line per client event:
 * "-> connected", "<- server sent login screen", "-> create/login", "== logged in", "XX lost connection".
 */
export interface DummyrunnerEvents {
  /** "Dummyrunner starting using N dummy account(s)": imports done, connections begin right after. */
  onStart?: () => void;
  /** ".. All clients connected and logged in!" (its own idea of logged in, see dummyrunner.ts). */
  onAllLoggedIn?: () => void;
}

export class DummyrunnerOutput {
  readonly tail: string[] = [];
  started: number | undefined;
  allLoggedIn: number | undefined;
  loggedIn = 0;
  lostConnections = 0;
  private pending = '';
  private readonly events: DummyrunnerEvents;

  constructor(events: DummyrunnerEvents) {
    this.events = events;
  }

  /** Feeds a chunk of stdout or stderr. */
  push(chunk: Buffer): void {
    this.pending += chunk.toString('utf8');
    const lines = this.pending.split(/\r?\n/);
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.line(line);
  }

  private line(line: string): void {
    this.tail.push(line);
    if (this.tail.length > 200) this.tail.shift();
    if (this.started === undefined && /Dummyrunner starting using/.test(line)) {
      this.started = performance.now();
      this.events.onStart?.();
    } else if (/== logged in/.test(line)) {
      this.loggedIn += 1;
    } else if (/XX lost connection/.test(line)) {
      this.lostConnections += 1;
    } else if (this.allLoggedIn === undefined && /All clients connected and logged in!/.test(line)) {
      this.allLoggedIn = performance.now();
      this.events.onAllLoggedIn?.();
    }
  }
}
