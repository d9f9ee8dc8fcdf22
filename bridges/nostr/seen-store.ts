/**
 * The ids of direct tasks an agent has already taken, kept in a small append-only file in its state
 * directory (`nostr-seen.txt`, one hex id a line) so that a restart, which re-reads two days of gift
 * wraps from the relay, does not run a task twice. The file is compacted to the newest `limit` ids when
 * it grows to twice that.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SEEN_FILE_NAME = 'nostr-seen.txt';

export interface SeenStore {
  has(id: string): boolean;
  /** Records the id durably (appended and flushed before it returns). */
  add(id: string): void;
  readonly size: number;
}

/** A store that forgets on restart (tests, throwaway agents). */
export function memorySeenStore(): SeenStore {
  const ids = new Set<string>();
  return {
    has: id => ids.has(id),
    add: id => void ids.add(id),
    get size() {
      return ids.size;
    },
  };
}

export function fileSeenStore(file: string, limit = 10_000): SeenStore {
  const ids = new Set<string>();
  let lines = 0;
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const id = line.trim();
      if (!/^[0-9a-f]{64}$/.test(id)) continue;
      ids.delete(id);
      ids.add(id);
      lines++;
    }
  } else {
    mkdirSync(path.dirname(file), { recursive: true });
  }
  const compact = () => {
    const newest = [...ids].slice(-limit);
    ids.clear();
    for (const id of newest) ids.add(id);
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, newest.map(id => `${id}\n`).join(''));
    renameSync(temporary, file);
    lines = newest.length;
  };
  if (lines > 2 * limit) compact();
  return {
    has: id => ids.has(id),
    add(id) {
      if (ids.has(id)) return;
      ids.add(id);
      appendFileSync(file, `${id}\n`);
      lines++;
      if (lines > 2 * limit) compact();
    },
    get size() {
      return ids.size;
    },
  };
}
