// Electronegativity (Doyensec's static checker for Electron apps) over the desktop shell: no finding
// above informational. Findings reviewed by hand are marked in the code with `eng-disable` and why.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, tempDir } from '../helpers.js';

interface Finding {
  id: string;
  file: string;
  location: { line: number };
  severity: { name: string };
  description: string;
}

type Run = (options: Record<string, unknown>, forCli: boolean) => Promise<{ issues: Finding[]; errors: unknown[] }>;
const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Run;
const electronVersion = (JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

async function scan(dir: string): Promise<Finding[]> {
  const result = await run(
    { input: dir, isSarif: false, customScan: [], excludeFromScan: [], isRelative: true, isVerbose: false, electronVersionOverride: electronVersion, parserPlugins: [] },
    false,
  );
  expect(result.errors).toEqual([]);
  return result.issues.filter((i) => i.severity.name !== 'INFORMATIONAL');
}

const describeFinding = (f: Finding) => `${f.id} (${f.severity.name}) ${f.file}:${f.location.line}: ${f.description}`;

describe('Electronegativity over main/electron', () => {
  it('finds nothing above informational', async () => {
    const findings = await scan(join(projectRoot, 'main', 'electron'));
    expect(findings.map(describeFinding)).toEqual([]);
  });

  it('would find an unsandboxed window without context isolation', async () => {
    // The same shell with two settings turned the wrong way: the scan must see them.
    const dir = tempDir('reforest-shell-');
    cpSync(join(projectRoot, 'main', 'electron'), dir, { recursive: true });
    const main = join(dir, 'main.ts');
    writeFileSync(main, readFileSync(main, 'utf8').replace('sandbox: true', 'sandbox: false').replace('contextIsolation: true', 'contextIsolation: false'));
    const ids = (await scan(dir)).map((f) => f.id);
    expect(ids).toContain('SANDBOX_JS_CHECK');
    expect(ids).toContain('CONTEXT_ISOLATION_JS_CHECK');
  });
});
