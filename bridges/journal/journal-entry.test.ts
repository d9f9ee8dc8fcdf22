import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJournalEntry, JournalEntrySchema, journalFile } from './journal-entry.ts';

const at = Date.UTC(2026, 10, 24, 8, 5, 3);

describe('formatJournalEntry', () => {
  it('writes the seed shape: a timestamp heading, then status, action and next', () => {
    const text = formatJournalEntry(
      {
        entry: { status: 'awake in the Fraternity Hall', action: 'greeted Ezra', next: 'read the archives' },
        at,
        timeZone: 'Europe/Paris',
      },
      'journal-1',
    );
    assert.equal(
      text,
      [
        '# 2026-11-24 09:05:03 +01:00',
        '## Status: awake in the Fraternity Hall',
        '## Action: greeted Ezra',
        '## Next: read the archives',
        '<!-- timmy-journal journal-1 -->',
        '',
        '',
      ].join('\n'),
    );
  });

  it('keeps a key containing "--" from closing the HTML comment early', () => {
    const text = formatJournalEntry(
      { entry: { status: 's', action: 'a', next: 'n' }, at, timeZone: 'UTC' },
      'a-->b',
    );
    assert.equal(text.split('-->').length, 2);
  });
});

describe('JournalEntrySchema', () => {
  it('folds line breaks into spaces so each part stays on its heading line', () => {
    const entry = JournalEntrySchema.parse({ status: ' tired\nbut well ', action: 'slept', next: 'wake' });
    assert.equal(entry.status, 'tired but well');
  });

  it('rejects an entry with an empty part', () => {
    assert.equal(JournalEntrySchema.safeParse({ status: '', action: 'a', next: 'n' }).success, false);
  });
});

describe('journalFile', () => {
  it('names the file after the local date of the entry', () => {
    assert.equal(journalFile(Date.UTC(2026, 10, 24, 23, 30), 'UTC'), 'thoughts/2026-11-24.md');
    assert.equal(journalFile(Date.UTC(2026, 10, 24, 23, 30), 'Asia/Tokyo'), 'thoughts/2026-11-25.md');
  });
});
