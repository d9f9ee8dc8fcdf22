/**
 * Words of a memory or query for relevance: lower-case letters and digits, stop words and one-letter
 * words dropped. The same tokens feed the FTS5 query and the overlap score, so the indexed retrieval and
 * the full scan rank alike.
 */
const STOP_WORDS = new Set(
  'a an and are as at be but by for from has have he her his i in is it its me my of on or our she so that the their them then there they this to was we were what when where which who will with you your'.split(
    ' ',
  ),
);

export function memoryTokens(text: string): string[] {
  const tokens = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (word.length > 1 && !STOP_WORDS.has(word)) tokens.add(word);
  }
  return [...tokens];
}

/** Share of the query's tokens found in the text, 0..1. */
export function tokenOverlap(queryTokens: readonly string[], text: string): number {
  if (queryTokens.length === 0) return 0;
  const words = new Set(memoryTokens(text));
  let found = 0;
  for (const token of queryTokens) if (words.has(token)) found++;
  return found / queryTokens.length;
}
