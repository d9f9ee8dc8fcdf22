/**
 * Safe pieces of a MUD command line. A tool builds exactly one Evennia command line from its input, so
 * no input may carry a line break (a second command), a control character, or a leading `@`, `/` or
 * `|` that Evennia would read as a builder prefix, a switch or a colour code; names also may not carry
 * the separators of the command they fill (`=` `,` `;` `:`). Violations are refused with a reason the
 * brain can act on (zod issues), never sent.
 */
import { z } from 'zod';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const LEADING_PREFIX = /^\s*[@/|]/;
const NAME_SEPARATORS = /[=,;:]/;

/** Free text that ends a command line (`say <text>`, `desc <target> = <text>`). */
export function lineText(max: number) {
  return z
    .string()
    .max(max)
    .refine(text => text.trim().length > 0, 'must not be empty')
    .refine(text => !CONTROL_CHARACTERS.test(text), 'must be one line without control characters')
    .refine(text => !LEADING_PREFIX.test(text), 'must not start with @, / or |');
}

/** A name inside a command line (a target, a character, a room, an exit, a title). */
export function nameText(max: number) {
  return lineText(max).refine(
    text => !NAME_SEPARATORS.test(text),
    'must not contain = , ; or : (they separate the parts of the command)',
  );
}

/** The text after the first `=` of a `<name> = <text>` command: the same rules, `=` allowed. */
export const MESSAGE_MAX = 1000;
