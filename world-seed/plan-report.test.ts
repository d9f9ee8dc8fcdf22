import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planJson, planText } from './plan-report.ts';
import type { Plan } from './planner.ts';

const PLAN: Plan = {
  create: ['garden'],
  update: [],
  drift: ['hall'],
  unchanged: 4,
  prune: [{ id: 'old.shed', kind: 'room', dbref: '#40', key: 'Old Shed' }],
  unmanaged: 2,
  changes: [
    {
      id: 'hall',
      kind: 'room',
      dbref: '#3',
      fields: [{ field: 'desc', live: 'Weeds.', file: 'Roses.', cause: 'live' }],
    },
  ],
  operations: [],
  subjects: [],
};

describe('reporting a plan', () => {
  test('as JSON: the id lists and counts scripts read, with the changes field by field', () => {
    assert.deepEqual(planJson(PLAN), {
      create: ['garden'],
      update: [],
      drift: ['hall'],
      unchanged: 4,
      prune: ['old.shed'],
      unmanaged: 2,
      changes: { hall: [{ field: 'desc', live: 'Weeds.', file: 'Roses.', cause: 'live' }] },
    });
  });

  test('as text: one line per change, prune candidates kept unless pruning, then a summary', () => {
    assert.equal(
      planText(PLAN),
      [
        '  + create  garden',
        '  ~ drift   hall (#3) desc: "Weeds." -> "Roses."',
        '  - prune   old.shed (#40 room "Old Shed")  (kept: apply deletes it only with --prune)',
        '1 to create, 0 to update, 1 drifted, 0 to delete, 4 unchanged; 2 live objects not in the file are left alone',
      ].join('\n'),
    );
  });

  test('says so when the live world matches the file', () => {
    const text = planText({ ...PLAN, create: [], drift: [], changes: [], prune: [], unmanaged: 0 });
    assert.equal(
      text,
      '0 to create, 0 to update, 0 drifted, 0 to delete, 4 unchanged\nThe live world matches the file.',
    );
  });
});
