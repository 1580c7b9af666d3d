import { escapeXml as esc } from '../output/format.js';

/** A number cell: the figure shown, and below it a band where given; the values unrounded in its attributes. */
export function cell(field: string, value: number | null, text: string, band?: { p10: number; p90: number; text: string }, attrs = ''): string {
  const data = `${value === null ? '' : ` data-value="${value}"`}${band ? ` data-p10="${band.p10}" data-p90="${band.p90}"` : ''}${attrs}`;
  return `<td class="num" data-field="${esc(field)}"${data}>${esc(text)}${band ? `<span class="band">${esc(band.text)}</span>` : ''}</td>`;
}

/** A p10/p50/p90 as its median with p10–p90 below it. */
export function tripleCell(field: string, t: readonly number[], fmt: (v: number) => string): string {
  return cell(field, t[1], fmt(t[1]), { p10: t[0], p90: t[2], text: `${fmt(t[0])}–${fmt(t[2])}` });
}

export const th = (h: string) => `<th>${esc(h)}</th>`;
