/**
 * Tool descriptions come from the game's own help (Evennia command docstrings), not from prose copied
 * into TypeScript: the runtime sends `help <command>` once per command and keeps the answers; this turns
 * one answer into a short description (the one-line summary, the usage lines and the first paragraph).
 */
const DESCRIPTION_MAX = 600;

/** The command line that asks the game for a command's help. */
export function helpCommandLine(command: string): string {
  return `help ${command}`;
}

/**
 * The description inside a `help <command>` answer, or undefined when the game has no help for it
 * ("No help found"). Already-extracted text (no Evennia frame) is shortened the same way.
 */
export function helpDescription(helpOutput: string): string | undefined {
  const lines = helpOutput
    .replace(/\r/g, '')
    .split('\n')
    .filter(line => !/^-{10,}\s*$/.test(line));
  if (lines.some(line => /^No help found\b/.test(line))) return undefined;
  const headerIndex = lines.findIndex(line => /^Help for \S/.test(line));
  const body = headerIndex >= 0 ? lines.slice(headerIndex + 1) : lines;
  const paragraphs = body
    .join('\n')
    .split(/\n\s*\n/)
    .map(paragraph => paragraph.trim())
    .filter(paragraph => paragraph.length > 0);
  const usageIndex = paragraphs.findIndex(paragraph => /^Usage:/i.test(paragraph));
  const summary = usageIndex === 0 ? undefined : paragraphs[0];
  const usage = usageIndex >= 0 ? paragraphs[usageIndex] : undefined;
  const after = paragraphs
    .slice(Math.max(usageIndex, 0) + 1)
    .find(paragraph => !/^(Switches?|Examples?|Options?):/i.test(paragraph));
  const parts = [summary, usage, after].filter((part): part is string => part !== undefined);
  if (parts.length === 0) return undefined;
  const text = parts
    .map(part => part.replace(/[ \t]+/g, ' '))
    .join('\n')
    .trim();
  return text.length > DESCRIPTION_MAX ? `${text.slice(0, DESCRIPTION_MAX - 1)}…` : text;
}
