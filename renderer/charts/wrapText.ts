/**
 * Text broken into lines that fit a width, measured with the browser's own text metrics, so captions
 * and notes drawn in an SVG stay inside it (an SVG text element does not wrap).
 */

let context: CanvasRenderingContext2D | null | undefined;

/** The width of `text` in px in `font` (a CSS font shorthand); estimated where no canvas is at hand. */
export function textWidth(text: string, font: string): number {
  if (context === undefined) context = typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
  if (!context) return text.length * 0.6 * (Number(/(\d+(?:\.\d+)?)px/.exec(font)?.[1]) || 11);
  context.font = font;
  return context.measureText(text).width;
}

/** A word wider than `width` in pieces that each fit (at least one character a piece). */
function pieces(word: string, width: number, font: string): string[] {
  if (textWidth(word, font) <= width) return [word];
  const out: string[] = [];
  let piece = '';
  for (const ch of word) {
    if (piece !== '' && textWidth(piece + ch, font) > width) {
      out.push(piece);
      piece = '';
    }
    piece += ch;
  }
  if (piece !== '') out.push(piece);
  return out;
}

/** `text` in lines no wider than `width` px, broken between words, and within a word too long for a line. */
export function wrapText(text: string, width: number, font: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).flatMap((w) => (w === '' ? [] : pieces(w, width, font)))) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next, font) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}
