/**
 * CSV for exports (RFC 4180). Cells that a spreadsheet would run as a formula
 * (starting with =, +, -, @, tab or CR) are prefixed with a quote, so an export
 * can never carry an injected formula to the person who opens it.
 */
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return "";
  // Objects are not field values; should one get here, the cell shows it as JSON, not "[object Object]".
  const scalar = typeof value === "string" || typeof value === "number" || typeof value === "boolean" || typeof value === "bigint";
  let text = Array.isArray(value) ? value.join("; ") : scalar ? String(value) : JSON.stringify(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(columns: readonly { key: string; label: string }[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map((column) => csvCell(column.label)).join(",")];
  for (const row of rows) lines.push(columns.map((column) => csvCell(row[column.key])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}
