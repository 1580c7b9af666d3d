/** One of the results the page shows under the map, and the tab that brings it forward. */
export interface ResultsArea {
  /** The tab's words. */
  label: string;
  area: HTMLElement;
  /** Whether the area has something to show from the start (the charts do); others wait to be shown. */
  always?: boolean;
  /** The study's status in the sidebar: its `data-status` turning "completed" brings the area forward. */
  status?: HTMLElement;
}

export interface ResultsTabsOptions {
  /** Where the tab bar goes: right under the map and its timeline. */
  after: HTMLElement;
  areas: readonly ResultsArea[];
  /** The map, brought back into view when a plan is opened from a result. */
  map: HTMLElement;
}

/**
 * The page's results in tabs directly under the map: the run's charts, the strategies compared, the
 * search's front, the sweep's heat maps and the forecast conditioned on a survey. An area comes
 * forward when its controller first shows it (clears `hidden`) and whenever its study completes, and
 * its tab is scrolled into view where it lies below the window, so results land where the eye is.
 * Opening a plan from a result brings the map back into view.
 */
export class ResultsTabs {
  readonly bar: HTMLElement;
  private readonly tabs = new Map<HTMLElement, HTMLButtonElement>();

  constructor(options: ResultsTabsOptions) {
    this.bar = document.createElement('nav');
    this.bar.className = 'results-tabs';
    this.bar.setAttribute('role', 'tablist');
    this.bar.setAttribute('aria-label', 'Results');
    for (const { label, area, always, status } of options.areas) {
      const tab = document.createElement('button');
      tab.type = 'button';
      tab.textContent = label;
      tab.setAttribute('role', 'tab');
      tab.dataset.tab = area.id;
      tab.hidden = !always && area.hidden;
      tab.addEventListener('click', () => this.select(area));
      this.tabs.set(area, tab);
      this.bar.append(tab);
      new MutationObserver(() => {
        if (area.hidden) return;
        tab.hidden = false;
        this.select(area, true);
      }).observe(area, { attributes: true, attributeFilter: ['hidden'] });
      if (status) {
        new MutationObserver(() => {
          if (status.dataset.status === 'completed' && !area.hidden) this.select(area, true);
        }).observe(status, { attributes: true, attributeFilter: ['data-status'] });
      }
      // "Open as plan" in a result draws that plan on the map: the map comes back into view.
      area.addEventListener('click', (e) => {
        if ((e.target as HTMLElement).closest('button[data-open]')) options.map.scrollIntoView({ block: 'start' });
      });
    }
    options.after.after(this.bar);
    const first = options.areas[0];
    if (first) this.select(first.area);
  }

  /** Brings an area forward; `reveal` scrolls the tab bar to the top of the window when it lies near its bottom or below. */
  select(area: HTMLElement, reveal = false): void {
    for (const [other, tab] of this.tabs) {
      const on = other === area;
      other.classList.toggle('results-behind', !on);
      tab.setAttribute('aria-selected', String(on));
    }
    if (reveal && this.bar.getBoundingClientRect().top > window.innerHeight - 200) this.bar.scrollIntoView({ block: 'start' });
  }
}

/** The page's own result areas, in the order of their tabs; a run started brings its charts forward. */
export function pageResultsTabs(byId: <T extends HTMLElement>(id: string) => T): ResultsTabs {
  const tabs = new ResultsTabs({
    after: byId('workspace'),
    map: byId('workspace'),
    areas: [
      { label: 'Charts and comparison', area: byId('charts-area'), always: true },
      { label: 'Strategies', area: byId('strategies-area'), status: byId('strategies-status') },
      { label: 'Optimise', area: byId('optimise-area'), status: byId('optimise-status') },
      { label: 'Sweep', area: byId('sweep-area'), status: byId('sweep-run-status') },
      { label: 'Monitoring', area: byId('monitoring-area'), status: byId('forecast-status') },
    ],
  });
  const charts = byId('charts-area');
  for (const id of ['run', 'preview', 'compare-run']) byId(id).addEventListener('click', () => tabs.select(charts));
  return tabs;
}
