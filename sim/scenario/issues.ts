import type { z } from 'zod';
import { visibleText } from './names.js';

/** One problem found in a scenario, located by its path in the file (`plantings[2].density`). */
export interface ScenarioIssue {
  path: string;
  message: string;
}

/** A scenario that cannot be run; lists every problem found, not only the first. */
export class ScenarioError extends Error {
  readonly issues: readonly ScenarioIssue[];
  readonly file: string | undefined;

  constructor(issues: readonly ScenarioIssue[], file?: string) {
    // What the file held is quoted back with its hidden characters escaped (see names.ts).
    const where = file ? `${visibleText(file)}: ` : '';
    const lines = issues.map((i) => visibleText(i.path ? `  ${i.path}: ${i.message}` : `  ${i.message}`));
    // A problem with the file as a whole (unreadable, not JSON) reads best on one line.
    super(
      issues.length === 1 && !issues[0].path
        ? `${where}${visibleText(issues[0].message)}`
        : `${where}invalid scenario (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'ScenarioError';
    this.issues = issues;
    this.file = file;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out;
}

function describeBound(value: unknown, inclusive: boolean | undefined, below: boolean, message?: string): string {
  const op = below ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  // A reason written in the schema follows the bound.
  const reason = message && !/^too (small|big)/i.test(message) ? ` (${message})` : '';
  return `must be ${op} ${String(value)}${reason}`;
}

/** Turns a zod issue into wording a scenario author can act on. */
export function issueFromZod(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = []): ScenarioIssue {
  const path = formatPath([...prefix, ...issue.path]);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') {
        const custom = issue.message && !/^too small/i.test(issue.message);
        return { path, message: custom ? issue.message : `needs at least ${String(issue.minimum)} items` };
      }
      if (issue.origin === 'string') return { path, message: 'must not be empty' };
      return { path, message: describeBound(issue.minimum, issue.inclusive, true, issue.message) };
    case 'too_big':
      if (issue.origin === 'array') {
        // A message written in the schema says more than the generic one.
        const custom = issue.message && !/^too big/i.test(issue.message);
        return { path, message: custom ? issue.message : `allows at most ${String(issue.maximum)} items` };
      }
      if (issue.origin === 'string') return { path, message: `must be at most ${String(issue.maximum)} characters` };
      return { path, message: describeBound(issue.maximum, issue.inclusive, false, issue.message) };
    case 'invalid_type': {
      const got = (issue as { input?: unknown }).input;
      if (got === undefined) return { path, message: `is required (${issue.expected})` };
      return { path, message: `must be ${issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}, not ${describeValue(got)}` };
    }
    case 'unrecognized_keys':
      return { path, message: `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
    case 'invalid_value':
      return { path, message: `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}` };
    case 'invalid_union':
      if ('discriminator' in issue && issue.discriminator) {
        // The path may already end at the discriminating field.
        const at = issue.path.at(-1) === issue.discriminator ? issue.path : [...issue.path, issue.discriminator as PropertyKey];
        const expected = /Expected (.+)$/.exec(issue.message)?.[1];
        return { path: formatPath([...prefix, ...at]), message: expected ? `must be one of ${expected.replace(/'/g, '"').split(' | ').join(', ')}` : issue.message };
      }
      return { path, message: issue.message };
    case 'not_multiple_of':
      return { path, message: `must be a multiple of ${String(issue.divisor)}` };
    default:
      return { path, message: issue.message };
  }
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  if (typeof v === 'number' && !Number.isInteger(v)) return String(v);
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
