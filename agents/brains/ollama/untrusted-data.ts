/**
 * Whatever comes from the world (room descriptions, names, speech, notes, task text written by other
 * characters, observations) reaches a model only inside a delimited block that the system prompt
 * declares to be data, never instructions. Angle brackets inside the data are replaced, so the data can
 * neither close its block nor smuggle chat-template tokens such as `<|im_end|>` into the prompt.
 */

export const DATA_TAG = 'world-data';

/** Replaces angle brackets (tags, chat-template tokens) with look-alike quotation marks. */
export function neutralize(text: string): string {
  return text.replace(/</g, '‹').replace(/>/g, '›');
}

/** Collapses whitespace and cuts to `limit` characters, marking the cut. */
export function clip(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= limit ? flat : `${flat.slice(0, Math.max(0, limit - 1)).trimEnd()}…`;
}

/** One block of untrusted data, labelled with where it came from. */
export function untrustedBlock(source: string, lines: readonly string[]): string {
  const body = lines.map(neutralize).join('\n');
  return `<${DATA_TAG} source="${neutralize(source).replace(/"/g, "'")}">\n${body}\n</${DATA_TAG}>`;
}
