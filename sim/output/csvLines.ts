import { csvFormatRows } from 'd3-dsv';
import { csvCells } from '../shared/csvCell.js';

/**
 * Rows as CSV lines (RFC 4180 quoting by d3-dsv, "\n" after every row), every cell through `csvCell`:
 * the one way the project writes CSV, so no text cell is read as a spreadsheet formula.
 */
export function csvLines(rows: readonly (readonly string[])[]): string {
  return csvFormatRows(csvCells(rows)) + '\n';
}
