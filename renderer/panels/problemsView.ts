import type { ScenarioProblem } from '../../sim/hostApi/api.js';

/** Shows what is wrong with a scenario, each problem with its file, field and line. */
export function showProblems(box: HTMLElement, title: string, problems: readonly ScenarioProblem[]): void {
  box.replaceChildren();
  if (problems.length === 0) {
    box.hidden = true;
    return;
  }
  const heading = document.createElement('strong');
  heading.textContent = title;
  const list = document.createElement('ul');
  for (const p of problems) {
    const item = document.createElement('li');
    const where = [p.file, p.path, p.line !== undefined ? `line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''}` : '']
      .filter(Boolean)
      .join(' · ');
    item.textContent = where ? `${where}: ${p.message}` : p.message;
    list.append(item);
  }
  box.append(heading, list);
  box.hidden = false;
}
