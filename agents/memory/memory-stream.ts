/**
 * An agent's memory stream (after the Generative Agents paper): every observation, action and
 * reflection with its importance (1..10) and time, in SQLite (better-sqlite3, WAL). Retrieval builds a
 * bounded context for a brain: memories ranked by recency, importance and relevance (retrieval-score.ts),
 * the best k that fit a character budget. `retrieve` finds them through the FTS5 index and the time
 * index; `retrieveByFullScan` scores every memory the same way: the baseline the benchmark compares.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { RecalledMemory } from '../brains/brain.ts';
import { memoryTokens, tokenOverlap } from './memory-tokens.ts';
import {
  DEFAULT_HALF_LIFE_MS,
  DEFAULT_WEIGHTS,
  type RetrievalWeights,
  type ScoringOptions,
} from './retrieval-score.ts';

export type MemoryKind = RecalledMemory['kind'];

export interface Memory extends RecalledMemory {
  id: number;
}

export interface NewMemory {
  kind: MemoryKind;
  text: string;
  /** 1..10; rounded and clamped. */
  importance: number;
  /** Default: the stream's clock. */
  at?: number;
}

export interface RetrievalOptions {
  /** At most this many memories. Default 8. */
  limit?: number;
  /** Their texts together stay within this many characters. Default 2000. */
  charBudget?: number;
  now?: number;
  halfLifeMs?: number;
  weights?: RetrievalWeights;
}

export interface MemoryStreamOptions {
  now?: () => number;
  /** A memory's text is cut beyond this many characters. Default 1000. */
  maxTextChars?: number;
}

interface Row {
  id: number;
  kind: MemoryKind;
  text: string;
  importance: number;
  at: number;
}

export class MemoryStream {
  private readonly _database: Database.Database;
  private readonly _now: () => number;
  private readonly _maxTextChars: number;
  private readonly _insert: Database.Statement;
  private readonly _insertText: Database.Statement;

  /** `file` is a path (its folder is created) or `:memory:`. */
  constructor(file: string, options: MemoryStreamOptions = {}) {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this._database = new Database(file);
    this._database.pragma('journal_mode = WAL');
    this._database.pragma('synchronous = NORMAL');
    this._database.exec(`
      CREATE TABLE IF NOT EXISTS memories (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('observation', 'action', 'reflection')),
        text TEXT NOT NULL,
        importance INTEGER NOT NULL CHECK (importance BETWEEN 1 AND 10),
        at INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS memories_at ON memories (at);
      CREATE INDEX IF NOT EXISTS memories_importance_at ON memories (importance, at);
      CREATE VIRTUAL TABLE IF NOT EXISTS memories_text USING fts5 (text, content = '', tokenize = 'unicode61');
    `);
    this._now = options.now ?? Date.now;
    this._maxTextChars = options.maxTextChars ?? 1000;
    this._insert = this._database.prepare(
      'INSERT INTO memories (kind, text, importance, at) VALUES (@kind, @text, @importance, @at)',
    );
    this._insertText = this._database.prepare('INSERT INTO memories_text (rowid, text) VALUES (?, ?)');
  }

  add(memory: NewMemory): Memory {
    const row = {
      kind: memory.kind,
      text: memory.text.slice(0, this._maxTextChars),
      importance: Math.min(10, Math.max(1, Math.round(memory.importance))),
      at: Math.round(memory.at ?? this._now()),
    };
    const id = this._database.transaction(() => {
      const inserted = Number(this._insert.run(row).lastInsertRowid);
      this._insertText.run(inserted, memoryTokens(row.text).join(' '));
      return inserted;
    })();
    return { id, ...row };
  }

  /** Adds many memories in one transaction (benchmarks, imports). */
  addMany(memories: readonly NewMemory[]): void {
    this._database.transaction(() => {
      for (const memory of memories) this.add(memory);
    })();
  }

  count(): number {
    return (this._database.prepare('SELECT count(*) AS n FROM memories').get() as { n: number }).n;
  }

  /** The newest memories, newest first. */
  recent(limit: number, kind?: MemoryKind): Memory[] {
    const rows = kind
      ? this._database
          .prepare('SELECT * FROM memories WHERE kind = ? ORDER BY id DESC LIMIT ?')
          .all(kind, limit)
      : this._database.prepare('SELECT * FROM memories ORDER BY id DESC LIMIT ?').all(limit);
    return rows as Row[];
  }

  /** Memories made after the one with this id, oldest first. */
  since(id: number, limit = 1000): Memory[] {
    return this._database
      .prepare('SELECT * FROM memories WHERE id > ? ORDER BY id LIMIT ?')
      .all(id, limit) as Row[];
  }

  /**
   * The memories most worth recalling for `query` now, best first, bounded by count and characters.
   * Exactly the ranking of `retrieveByFullScan`, without reading every memory: the FTS5 index finds the
   * memories containing the query's words, which SQLite ranks without handing them to JavaScript; the
   * others (relevance 0) are read newest first only while their best possible score (full importance)
   * could still beat the ones already kept.
   */
  retrieve(query: string, options: RetrievalOptions = {}): Memory[] {
    const tokens = memoryTokens(query);
    const scoring = this._scoring(options);
    const keep = (options.limit ?? 8) * 4;
    const best = new TopScores(keep);
    const rows = new Map<number, Row>();
    const offer = (row: Row) => {
      if (rows.has(row.id)) return;
      if (best.offer(row.id, scoreOf(row.importance, row.at, tokenOverlap(tokens, row.text), scoring)))
        rows.set(row.id, row);
    };
    if (tokens.length > 0) {
      const { weights } = scoring;
      const hits = tokens
        .map(() => 'SELECT rowid AS id FROM memories_text WHERE memories_text MATCH ?')
        .join(' UNION ALL ');
      const ranked = this._database.prepare(
        `WITH hits AS (SELECT id, count(*) AS found FROM (${hits}) GROUP BY id)
         SELECT m.* FROM hits JOIN memories m ON m.id = hits.id
         ORDER BY ? * pow(0.5, max(0, ? - m.at) / ?) + ? * m.importance / 10.0 + ? * hits.found / ? DESC, m.id DESC
         LIMIT ?`,
      );
      const parameters = [
        ...tokens.map(token => `"${token}"`),
        weights.recency,
        scoring.now,
        scoring.halfLifeMs,
        weights.importance,
        weights.relevance,
        tokens.length,
        keep,
      ];
      for (const row of ranked.iterate(...parameters) as Iterable<Row>) offer(row);
    }
    const newest = this._database.prepare('SELECT * FROM memories ORDER BY at DESC, id DESC');
    for (const row of newest.iterate() as Iterable<Row>) {
      if (best.full && scoreOf(10, row.at, 0, scoring) < best.lowest) break;
      offer(row);
    }
    return this._fit(
      best.ids().map(id => rows.get(id) as Row),
      options,
    );
  }

  /** The same ranking over every memory, reading and scoring each one: the baseline. */
  retrieveByFullScan(query: string, options: RetrievalOptions = {}): Memory[] {
    const tokens = memoryTokens(query);
    const scoring = this._scoring(options);
    const best = new TopScores((options.limit ?? 8) * 4);
    const texts = new Map<number, Row>();
    for (const row of this._database.prepare('SELECT * FROM memories').iterate() as Iterable<Row>) {
      if (best.offer(row.id, scoreOf(row.importance, row.at, tokenOverlap(tokens, row.text), scoring)))
        texts.set(row.id, row);
    }
    return this._fit(
      best.ids().map(id => texts.get(id) as Row),
      options,
    );
  }

  close(): void {
    if (this._database.open) this._database.close();
  }

  private _scoring(options: RetrievalOptions): ScoringOptions {
    return {
      now: options.now ?? this._now(),
      halfLifeMs: options.halfLifeMs ?? DEFAULT_HALF_LIFE_MS,
      weights: options.weights ?? DEFAULT_WEIGHTS,
    };
  }

  /** The first `limit` of the ranked rows whose texts fit the character budget together. */
  private _fit(ranked: readonly Row[], options: RetrievalOptions): Memory[] {
    const limit = options.limit ?? 8;
    const budget = options.charBudget ?? 2000;
    const chosen: Memory[] = [];
    let chars = 0;
    for (const row of ranked) {
      if (chosen.length === limit) break;
      if (chars + row.text.length > budget) continue;
      chars += row.text.length;
      chosen.push({ id: row.id, kind: row.kind, text: row.text, importance: row.importance, at: row.at });
    }
    return chosen;
  }
}

function scoreOf(importance: number, at: number, relevance: number, options: ScoringOptions): number {
  const recency = 0.5 ** (Math.max(0, options.now - at) / options.halfLifeMs);
  const { weights } = options;
  return weights.recency * recency + (weights.importance * importance) / 10 + weights.relevance * relevance;
}

/** The `size` best (id, score) pairs seen; equal scores rank the newer id first. */
class TopScores {
  private readonly _entries: { id: number; score: number }[] = [];
  constructor(private readonly _size: number) {}

  get full(): boolean {
    return this._entries.length >= this._size;
  }

  get lowest(): number {
    return this._entries.at(-1)?.score ?? Number.NEGATIVE_INFINITY;
  }

  /** True when the pair was kept. */
  offer(id: number, score: number): boolean {
    const entries = this._entries;
    const last = entries.at(-1);
    if (this.full && last && (score < last.score || (score === last.score && id < last.id))) return false;
    let index = entries.length;
    while (index > 0) {
      const before = entries[index - 1] as { id: number; score: number };
      if (before.score > score || (before.score === score && before.id > id)) break;
      index--;
    }
    entries.splice(index, 0, { id, score });
    if (entries.length > this._size) entries.pop();
    return true;
  }

  ids(): number[] {
    return this._entries.map(entry => entry.id);
  }
}
