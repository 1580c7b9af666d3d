/** The pieces every table of figures on the page is made of. */

/** Appends a header row of column headings to a table. */
export function appendColumnHeadings(table: HTMLTableElement, headings: readonly string[]): HTMLTableRowElement {
  const row = table.createTHead().insertRow();
  for (const text of headings) row.append(heading(text, 'col'));
  return row;
}

/** A heading cell for a column or a row. */
export function heading(text: string, scope: 'col' | 'row'): HTMLTableCellElement {
  const th = document.createElement('th');
  th.scope = scope;
  th.textContent = text;
  return th;
}
