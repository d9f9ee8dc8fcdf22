/**
 * The plain-text form of terminal output used in every `text` and `prompt` event: ANSI escapes and
 * control characters removed (in that order, so an escape's ESC is not removed before its parameters).
 */
import { stripAnsi } from './ansi.ts';
import { stripControlCharacters } from './control-characters.ts';

export function toPlainText(text: string): string {
  return stripControlCharacters(stripAnsi(text));
}
