/**
 * How a name someone typed ("the stone of patience", "teaching grove", "#14") is matched against keys
 * and aliases: exactly (case-insensitive, without a leading article), else when every significant word
 * of the name is a word of the key ("stone of patience" matches "patience stone").
 */
const STOP_WORDS = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'at', 'on']);

export function normalName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^(?:the|a|an)\s+/, '')
    .replace(/[.!?"']+$/g, '')
    .replace(/\s+/g, ' ');
}

function words(name: string): string[] {
  return normalName(name)
    .split(/[^a-z0-9#-]+/)
    .filter(word => word.length > 0 && !STOP_WORDS.has(word));
}

/** 3: the key itself; 2: an alias or id; 1: every word of the name is in the key; 0: no match. */
export function nameScore(name: string, key: string, others: readonly (string | null)[] = []): number {
  const wanted = normalName(name);
  if (wanted.length === 0) return 0;
  if (normalName(key) === wanted) return 3;
  if (others.some(other => other !== null && normalName(other) === wanted)) return 2;
  const wantedWords = words(name);
  if (wantedWords.length === 0) return 0;
  const keyWords = new Set(words(key));
  return wantedWords.every(word => keyWords.has(word)) ? 1 : 0;
}

/** The candidates that match best (none when nothing matches), in their original order. */
export function bestMatches<T>(
  name: string,
  candidates: readonly T[],
  namesOf: (candidate: T) => { key: string; others?: readonly (string | null)[] },
): T[] {
  let best = 0;
  let matches: T[] = [];
  for (const candidate of candidates) {
    const { key, others } = namesOf(candidate);
    const score = nameScore(name, key, others);
    if (score === 0 || score < best) continue;
    if (score > best) {
      best = score;
      matches = [];
    }
    matches.push(candidate);
  }
  return matches;
}
