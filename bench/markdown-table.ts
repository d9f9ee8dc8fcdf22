/** Formats a number for a table cell: `digits` decimals, a dash for NaN or undefined. */
export function cell(value: number | undefined, digits = 2): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

/** A ratio cell: `1.23x`, a dash when it cannot be computed. */
export function ratioCell(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)}x` : '–';
}

/** A markdown table with padded columns (readable as plain text too). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map(row => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${widths.map((width, column) => (cells[column] ?? '').padEnd(width)).join(' | ')} |`;
  const separator = `|${widths.map(width => '-'.repeat(width + 2)).join('|')}|`;
  return [line(header), separator, ...rows.map(line)].join('\n');
}
