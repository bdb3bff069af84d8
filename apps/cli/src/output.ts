/** Where a command writes: the process's streams in production, buffers in tests. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Names and emails are chosen by other people: strip terminal control sequences so a crafted
 * display name cannot rewrite the screen of the admin listing members.
 */
export function printable(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}

export function writeJson(output: Output, value: unknown): void {
  output.out(`${JSON.stringify(value, null, 2)}\n`);
}

/** `label  value` lines, labels aligned. */
export function writeFields(output: Output, fields: [label: string, value: unknown][]): void {
  const width = Math.max(...fields.map(([label]) => label.length));
  output.out(fields.map(([label, value]) => `${label.padEnd(width)}  ${printable(value)}`).join('\n') + '\n');
}

export interface Column<Row> {
  header: string;
  value: (row: Row) => unknown;
}

/** A plain, aligned table: easy to read, and still easy to `grep`/`awk`. */
export function writeTable<Row>(output: Output, columns: Column<Row>[], rows: readonly Row[]): void {
  const cells = rows.map((row) => columns.map((column) => printable(column.value(row))));
  const widths = columns.map((column, i) => Math.max(column.header.length, ...cells.map((r) => r[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i]!))).join('  ').trimEnd();
  output.out([line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n');
}
