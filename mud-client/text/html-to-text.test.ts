import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { htmlToText } from './html-to-text.ts';

describe('htmlToText', () => {
  it('turns <br> into newlines, drops colour spans and decodes entities', () => {
    assert.equal(
      htmlToText('<span class="color-015">connect &lt;username&gt;</span><br>Tom &amp; Jerry&#39;s<BR/>x'),
      "connect <username>\nTom & Jerry's\nx",
    );
  });

  it('keeps only the label of URL and MXP links, even with > inside attributes', () => {
    const html =
      'Visit <a href="https://www.evennia.com" target="_blank">https://www.evennia.com</a> or ' +
      '<a id="mxplink" href="#" onclick="Evennia.msg(&quot;text&quot;,[&quot;a>b&quot;],{});return false;">north</a>';
    assert.equal(htmlToText(html), 'Visit https://www.evennia.com or north');
  });

  it('turns non-breaking spaces into spaces', () => {
    assert.equal(htmlToText('a&nbsp;b\u00a0c'), 'a b c');
  });

  it('leaves a lone < that starts no tag in place', () => {
    assert.equal(htmlToText('1 < 2 <3'), '1 < 2 <3');
  });

  it('stays fast on a megabyte of hostile unclosed tags', () => {
    const hostile = '<a "'.repeat(256 * 1024);
    const started = performance.now();
    htmlToText(hostile);
    assert.ok(performance.now() - started < 2000);
  });
});
