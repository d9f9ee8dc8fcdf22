/**
 * Removes C0 and C1 control characters (CR, BEL, NUL, C1 CSI, ...) except tab and line feed, so that
 * what remains is printable text with `\n` line ends.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the purpose of this pattern
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function stripControlCharacters(text: string): string {
  return text.replace(CONTROL_CHARACTERS, '');
}
