import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints, after a run, each test project's time: from its first file starting to its last ending
 * (wall clock, the projects' files share the workers), with its files and tests.
 */
export class ProjectTimes implements Reporter {
  private readonly spans = new Map<string, { start: number; end: number; files: number; tests: number }>();

  onTestModuleStart(module: TestModule): void {
    const name = module.project.name || 'default';
    const span = this.spans.get(name) ?? { start: Date.now(), end: Date.now(), files: 0, tests: 0 };
    this.spans.set(name, span);
  }

  onTestModuleEnd(module: TestModule): void {
    const span = this.spans.get(module.project.name || 'default');
    if (!span) return;
    span.end = Date.now();
    span.files++;
    span.tests += [...module.children.allTests()].length;
  }

  onTestRunEnd(): void {
    if (this.spans.size === 0) return;
    const lines = [...this.spans].map(([name, s]) => `  ${name}: ${((s.end - s.start) / 1000).toFixed(1)} s (${s.files} files, ${s.tests} tests)`);
    process.stdout.write(`\nTime by project, first file started to last ended:\n${lines.join('\n')}\n`);
  }
}
