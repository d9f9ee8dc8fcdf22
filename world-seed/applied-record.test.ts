import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeRecord, encodeRecord, fieldHash } from './applied-record.ts';

describe('the record of what apply set', () => {
  test('round-trips field names and hashes through its attribute text', () => {
    const values = new Map<string, unknown>([
      ['desc', 'Roses.'],
      ['attributes.teaching', ['a', 'b']],
    ]);
    const record = decodeRecord(encodeRecord(values));
    assert.equal(record?.get('desc'), fieldHash('Roses.'));
    assert.equal(record?.get('attributes.teaching'), fieldHash(['a', 'b']));
  });

  test('hashes equal JSON values equally, whatever the key order', () => {
    assert.equal(fieldHash({ a: 1, b: [2] }), fieldHash({ b: [2], a: 1 }));
    assert.notEqual(fieldHash('1'), fieldHash(1));
  });

  test('anything that is not a record it wrote reads as no record', () => {
    assert.equal(decodeRecord(undefined), undefined);
    assert.equal(decodeRecord('not json'), undefined);
    assert.equal(decodeRecord('{"v":2,"fields":{}}'), undefined);
    assert.equal(decodeRecord({ v: 1, fields: {} }), undefined);
  });
});
