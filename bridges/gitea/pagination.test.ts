import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextPageOf, pageInfo } from './pagination.ts';

describe('pageInfo', () => {
  it('reads the total count and the next page from Gitea headers', () => {
    const headers = new Headers({
      'X-Total-Count': '7',
      Link: '<http://127.0.0.1:3000/api/v1/repos/a/b/issues?limit=2&page=2&state=all>; rel="next",<http://127.0.0.1:3000/api/v1/repos/a/b/issues?limit=2&page=4&state=all>; rel="last"',
    });
    assert.deepEqual(pageInfo(headers), { totalCount: 7, nextPage: 2 });
  });

  it('has no next page on the last page and no count without the header', () => {
    const headers = new Headers({
      Link: '<http://x/api/v1/r?page=1&limit=2>; rel="first",<http://x/api/v1/r?page=3&limit=2>; rel="prev"',
    });
    assert.deepEqual(pageInfo(headers), { totalCount: undefined, nextPage: undefined });
  });

  it('ignores a malformed count and a link without a page number', () => {
    assert.equal(pageInfo(new Headers({ 'X-Total-Count': 'many' })).totalCount, undefined);
    assert.equal(nextPageOf('<http://x/api/v1/r?limit=2>; rel="next"'), undefined);
    assert.equal(nextPageOf(null), undefined);
  });
});
