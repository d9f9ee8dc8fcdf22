/**
 * Evennia joins names the English way (`evennia.utils.utils.iter_to_str`): "a", "a and b",
 * "a, b, and c" (with the Oxford comma). This splits such a list back into its items.
 */
export function splitEnglishList(text: string): string[] {
  const trimmed = text.trim().replace(/\.$/, '');
  if (!trimmed) return [];
  const parts = trimmed.split(/,\s*(?:and\s+)?|\s+and\s+/);
  return parts.map(part => part.trim()).filter(Boolean);
}

/** "a brass lantern" → "brass lantern"; counts ("2 swords") and proper names stay as they are. */
export function withoutArticle(name: string): string {
  return name.replace(/^(a|an|the)\s+/i, '');
}
