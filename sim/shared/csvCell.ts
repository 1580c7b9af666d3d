/** A number as CSV writes one: a sign, digits, a decimal point, an exponent. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell as every CSV the project writes holds it. A cell that begins with `=`, `+`, `-` or `@`
 * (or a tab or carriage return) is read as a formula when the file is opened in a spreadsheet, so a
 * zone named `=HYPERLINK(…)` could run in the user's spreadsheet. Such a cell is written with a leading
 * apostrophe, as OWASP's guidance on CSV injection and the spreadsheets' own documentation advise: the
 * spreadsheet shows the text, not a formula. Numbers (`-3.5`, `+1e3`) are left as they are.
 */
export function csvCell(text: string): string {
  const c = text.charCodeAt(0);
  // = + - @ tab CR
  if ((c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13) && !NUMBER.test(text)) return `'${text}`;
  return text;
}

/** Every cell of the rows through `csvCell`. */
export function csvCells(rows: readonly (readonly string[])[]): string[][] {
  return rows.map((row) => row.map(csvCell));
}

/** A cell as `csvCell` wrote it, read back: the apostrophe before a formula-like text is taken off. */
export function csvCellText(cell: string): string {
  if (cell.charCodeAt(0) !== 39) return cell;
  const text = cell.slice(1);
  return csvCell(text) === cell ? text : cell;
}
