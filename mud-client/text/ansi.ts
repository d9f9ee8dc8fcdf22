/**
 * Removes ANSI/ECMA-48 escape sequences: CSI (`ESC [ ... final`, colours and cursor moves), OSC
 * (`ESC ] ... BEL` or `... ESC \`), two-byte and character-set escapes (`ESC ( B`), and a lone ESC.
 * Evennia ends every telnet message with `ESC[0m` and colours much of its output.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ESC and BEL is the purpose of this pattern
const ANSI_ESCAPE = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[ -/]*[0-~])?/g;

export function stripAnsi(text: string): string {
  return text.includes('\u001b') ? text.replace(ANSI_ESCAPE, '') : text;
}
