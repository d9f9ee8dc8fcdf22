import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stripAnsi } from './ansi.ts';
import { toPlainText } from './plain-text.ts';

describe('stripAnsi', () => {
  it('removes the colour sequences Evennia sends', () => {
    assert.equal(
      stripAnsi('\u001b[1m\u001b[36mLimbo\u001b[0m and \u001b[22m\u001b[31mred\u001b[0m'),
      'Limbo and red',
    );
  });

  it('removes xterm256 and truecolor sequences', () => {
    assert.equal(stripAnsi('\u001b[38;5;208mo\u001b[48;2;1;2;3mk\u001b[0m'), 'ok');
  });

  it('removes OSC sequences ended by BEL or ST, character-set escapes and a lone ESC', () => {
    assert.equal(stripAnsi('\u001b]0;title\u0007a\u001b]8;;x\u001b\\b\u001b(Bc\u001b'), 'abc');
  });

  it('leaves text without ESC untouched', () => {
    assert.equal(stripAnsi('[not an escape]'), '[not an escape]');
  });
});

describe('toPlainText', () => {
  it('drops CR and other control characters but keeps tab and newline', () => {
    assert.equal(toPlainText('a\r\u0000\u0007b\tc\nd\u009b'), 'ab\tc\nd');
  });
});
