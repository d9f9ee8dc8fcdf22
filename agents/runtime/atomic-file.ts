/**
 * Writes a file so that a reader (or a restart after a kill) sees the old content or the new one,
 * never half of it: write a temporary file beside it, flush it, rename it over the target.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';

let counter = 0;

export function writeFileAtomic(file: string, content: string, mode = 0o644): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${counter++}.tmp`;
  const descriptor = openSync(temporary, 'w', mode);
  try {
    writeSync(descriptor, content);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, file);
}
