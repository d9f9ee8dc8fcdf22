/**
 * Converts the HTML Evennia sends to the webclient (evennia/utils/text2html.py `parse_html`) back into plain
 * text: `<br>` becomes a newline, every tag is dropped (colour spans, MXP and URL links keep only their
 * label), entities are decoded with the `entities` package, and non-breaking spaces become spaces.
 */
import { decodeHTML } from 'entities';
import { toPlainText } from './plain-text.ts';

const LINE_BREAK = /<br\s*\/?>/gi;
/**
 * A tag, allowing `>` inside quoted attribute values. No part may cross a `<`, which keeps matching linear
 * on hostile input such as a megabyte of `<a "<a "` (Evennia escapes `<` everywhere, attributes included).
 */
const TAG = /<\/?[A-Za-z!][^"'<>]*(?:(?:"[^"<]*"|'[^'<]*')[^"'<>]*)*>/g;

export function htmlToText(html: string): string {
  const withoutTags = html.replace(/\r\n?/g, '\n').replace(LINE_BREAK, '\n').replace(TAG, '');
  return toPlainText(decodeHTML(withoutTags).replace(/\u00a0/g, ' '));
}
