import { z } from 'zod';

/**
 * Names the user gives (a scenario, a zone, a fence, a sweep, a search) reach terminals, file names,
 * reports and spreadsheets. They may hold any printable text, but none of what changes how other text
 * is shown or read: C0 and C1 control characters (NUL, line breaks, the ESC that starts an ANSI escape),
 * bidirectional overrides, embeddings, isolates and marks (which can make a name read as another), and
 * zero-width or invisible formatting characters (which make two names that look alike differ).
 */
const HIDDEN = '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u061c\\u115f\\u1160\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u206f\\u3164\\ufeff\\ufff9-\\ufffb';

/** True when `text` holds a character a name may not (see above). */
export function hasHiddenCharacters(text: string): boolean {
  return HIDDEN_RE.test(text);
}

const HIDDEN_RE = new RegExp(`[${HIDDEN}]`, 'u');
/** No hidden character anywhere, and no space (of any kind) at either end: so not blank either. */
const NAME_RE = new RegExp(`^(?!\\s)[^${HIDDEN}]*(?<!\\s)$`, 'u');
/** Free text (a description) may break lines and hold tabs, but no other control or hidden character. */
const TEXT_RE = new RegExp(`^[^${HIDDEN.replace('\\u0000-\\u001f', '\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f')}]*$`, 'u');

export const NAME_MESSAGE = 'must not be blank, begin or end with a space, or hold control, bidirectional or invisible characters';

/** A name of at most `max` characters (see above). */
export function nameSchema(max: number) {
  return z.string().min(1).max(max).regex(NAME_RE, NAME_MESSAGE);
}

/** A free-text field: any length the file allows, line breaks and tabs, no other control or hidden character. */
export function freeTextSchema() {
  return z.string().regex(TEXT_RE, 'must not hold control, bidirectional or invisible characters other than line breaks and tabs');
}

const HIDDEN_ALL = new RegExp(`[${HIDDEN}]`, 'gu');

/**
 * Text quoted back to the user (a message naming what was wrong) with every hidden character written
 * as an escape, `\u{1b}`: an error about a bad name must not itself move the cursor or reorder the line.
 * Line breaks and tabs are kept when `keepLines` is set (a message of several lines).
 */
export function visibleText(text: string, keepLines = false): string {
  return text.replace(HIDDEN_ALL, (c) => (keepLines && (c === '\n' || c === '\t') ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`));
}
