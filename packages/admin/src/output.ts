import type { CliIo } from './io.js';

export type Cell = string | number | boolean | undefined | null;

/** A table for people: a header row and left-aligned columns, two spaces apart. */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly Cell[])[],
): string {
  const text = [
    headers,
    ...rows.map((r) => r.map((c) => (c === undefined || c === null ? '-' : String(c)))),
  ];
  const widths = headers.map((_, i) => Math.max(...text.map((r) => (r[i] ?? '').length)));
  return text
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}

/** Scripts get one JSON document on stdout; people get `human()`. */
export function emit(io: CliIo, json: boolean, value: unknown, human: () => string): void {
  io.stdout(json ? `${JSON.stringify(value, null, 2)}\n` : human());
}
