import type { LibraryView } from '../../sim/hostApi/api.js';
import type { ScenarioInput } from '../../sim/scenario/schema.js';
import { editFence, editHerbivores, editZone, setSpeciesMix, type ShapeRef } from '../editor/commands.js';
import type { EditCommand } from '../editor/scenarioDocument.js';

/**
 * The properties of the selected shape as a form: a zone's name, species mix (percentages that are
 * kept summing to 100), density, layout, planting year, shelters and costs; a fence's type, years and
 * overrides; a population's kind, density and culling (for its roaming area). Every change is an edit
 * command; the form is rebuilt from the plan after each one.
 */
export interface PropertiesPanelOptions {
  box: HTMLElement;
  library: LibraryView;
  execute(command: EditCommand): void;
}

export class PropertiesPanel {
  constructor(private readonly options: PropertiesPanelOptions) {}

  show(plan: Readonly<ScenarioInput>, ref: ShapeRef | null): void {
    const box = this.options.box;
    box.replaceChildren();
    if (!ref) {
      box.append(hint('Select a zone, fence or roaming area in Edit mode, or draw one.'));
      return;
    }
    if (ref.kind === 'zone') this.zone(plan, ref.index);
    else if (ref.kind === 'fence') this.fence(plan, ref.index);
    else this.population(plan, ref.index);
  }

  /** The herbivore populations of the plan, always shown: kind, density or count, culling. */
  showHerbivores(box: HTMLElement, plan: Readonly<ScenarioInput>): void {
    box.replaceChildren();
    (plan.herbivores ?? []).forEach((_, i) => {
      const row = document.createElement('div');
      row.className = 'herbivore-row';
      row.dataset.population = String(i);
      box.append(row);
      this.populationFields(row, plan, i);
    });
  }

  private zone(plan: Readonly<ScenarioInput>, index: number): void {
    const z = plan.plantings[index];
    const run = (patch: Parameters<typeof editZone>[1]) => this.options.execute(editZone(index, patch));
    const box = this.options.box;
    box.append(title(`Zone: ${z.name}`));
    box.append(
      text('Name', 'zone-name', z.name, (v) => run({ name: v })),
      number('Density (stems/ha)', 'zone-density', z.density, { min: 1, max: 40_000, step: 100 }, (v) => run({ density: v })),
      select('Layout', 'zone-layout', z.layout?.type ?? 'grid', [['grid', 'Grid'], ['random', 'Random']], (v) =>
        run({ layout: v === 'grid' ? { type: 'grid', jitter: 0.3 } : { type: 'random' } }),
      ),
    );
    if ((z.layout?.type ?? 'grid') === 'grid') {
      const jitter = z.layout && z.layout.type === 'grid' ? (z.layout.jitter ?? 0.3) : 0.3;
      box.append(number('Jitter (m)', 'zone-jitter', jitter, { min: 0, max: 100, step: 0.1 }, (v) => run({ layout: { type: 'grid', jitter: v } })));
    }
    box.append(number('Planting year', 'zone-year', z.year ?? 0, { min: 0, max: 300, step: 1 }, (v) => run({ year: v })));

    // Species mix: one row per species, shares in percent; the command rescales them to sum to 100%.
    const mix = z.species.map((m) => ({ species: m.species, share: Math.round(m.fraction * 1000) / 10 }));
    const mixBox = document.createElement('fieldset');
    mixBox.className = 'species-mix';
    const legend = document.createElement('legend');
    legend.textContent = 'Species mix (%)';
    mixBox.append(legend);
    const setMix = (next: typeof mix) => this.options.execute(setSpeciesMix(index, next));
    mix.forEach((m, j) => {
      const row = document.createElement('div');
      const species = select('', `mix-species-${j}`, m.species, this.options.library.species.map((s) => [s.id, s.name]), (v) =>
        setMix(mix.map((x, k) => (k === j ? { ...x, species: v } : x))),
      );
      const share = number('', `mix-share-${j}`, m.share, { min: 0, max: 100, step: 1 }, (v) => setMix(mix.map((x, k) => (k === j ? { ...x, share: v } : x))));
      const remove = button('×', `mix-remove-${j}`, () => setMix(mix.filter((_, k) => k !== j)));
      remove.disabled = mix.length === 1;
      remove.title = 'Remove this species';
      row.append(species, share, remove);
      mixBox.append(row);
    });
    const unused = this.options.library.species.filter((s) => !mix.some((m) => m.species === s.id));
    if (unused.length > 0) {
      mixBox.append(
        button('Add species', 'mix-add', () => {
          const total = mix.reduce((a, m) => a + m.share, 0);
          setMix([...mix, { species: unused[0].id, share: Math.max(1, total / mix.length) }]);
        }),
      );
    }
    box.append(mixBox);

    // Shelters. A rate the plan does not set shows what the run will use: the plan's cost rates, else the library's.
    const lib = this.options.library.costs;
    const currency = plan.currency ?? lib.currency;
    const x = currency === lib.currency ? 1 : (plan.exchangeRate ?? Number.NaN);
    const rates = plan.costRates ?? {};
    const shelterRows = rates.shelters ?? lib.shelters.map((r) => ({ height: r.height, perTree: r.perTree * x }));
    const shelters = z.shelters;
    const shelterBox = document.createElement('fieldset');
    const sl = document.createElement('legend');
    sl.textContent = 'Shelters';
    shelterBox.append(sl, checkbox('Tree shelters', 'zone-shelters', shelters !== undefined, (on) => run({ shelters: on ? { height: 1.2 } : undefined })));
    if (shelters) {
      // The library's rule: the shortest listed shelter at least this tall, else the tallest.
      const rows = [...shelterRows].sort((a, b) => a.height - b.height);
      const shelterCost = shelters.costPerTree ?? (rows.find((r) => r.height >= shelters.height - 1e-9) ?? rows[rows.length - 1]).perTree;
      shelterBox.append(
        number('Height (m)', 'shelter-height', shelters.height, { min: 0.1, max: 5, step: 0.1 }, (v) => run({ shelters: { ...shelters, height: v } })),
        number(`Cost per tree (${currency})`, 'shelter-cost', shelterCost, { min: 0, max: 10_000, step: 0.01 }, (v) => run({ shelters: { ...shelters, costPerTree: v } })),
      );
    }
    box.append(shelterBox);

    const costs = {
      perTree: z.costs?.perTree ?? rates.plantsAndPlantingPerTree ?? lib.plantsAndPlantingPerTree * x,
      perHectare: z.costs?.perHectare ?? rates.groundPreparationPerHectare ?? lib.groundPreparationPerHectare * x,
      maintenancePerHectarePerYear: z.costs?.maintenancePerHectarePerYear ?? rates.maintenancePerHectarePerYear ?? lib.maintenancePerHectarePerYear * x,
      maintenanceYears: z.costs?.maintenanceYears ?? rates.maintenanceYears ?? lib.maintenanceYears,
    };
    const costBox = document.createElement('fieldset');
    const cl = document.createElement('legend');
    cl.textContent = `Costs (${currency})`;
    costBox.append(
      cl,
      number('Per tree', 'cost-per-tree', costs.perTree, { min: 0, max: 10_000, step: 0.01 }, (v) => run({ costs: { ...z.costs, perTree: v } })),
      number('Per hectare', 'cost-per-ha', costs.perHectare, { min: 0, step: 10 }, (v) => run({ costs: { ...z.costs, perHectare: v } })),
      number('Maintenance per ha per year', 'cost-maintenance', costs.maintenancePerHectarePerYear, { min: 0, step: 10 }, (v) => run({ costs: { ...z.costs, maintenancePerHectarePerYear: v } })),
      number('Maintenance years', 'cost-maintenance-years', costs.maintenanceYears, { min: 0, max: 300, step: 1 }, (v) => run({ costs: { ...z.costs, maintenanceYears: v } })),
    );
    box.append(costBox);
  }

  private fence(plan: Readonly<ScenarioInput>, index: number): void {
    const f = (plan.fences ?? [])[index];
    const run = (patch: Parameters<typeof editFence>[1]) => this.options.execute(editFence(index, patch));
    const types = this.options.library.fenceTypes;
    const type = types.find((t) => t.id === f.type);
    const box = this.options.box;
    box.append(
      title(`Fence: ${f.name}`),
      text('Name', 'fence-name', f.name, (v) => run({ name: v })),
      select('Type', 'fence-type', f.type, types.map((t) => [t.id, `${t.name} (${t.heightM} m)`]), (v) => run({ type: v })),
      checkbox('Closed', 'fence-closed', f.closed ?? false, (on) => run({ closed: on })),
      number('Install year', 'fence-install', f.installYear ?? 0, { min: 0, max: 300, step: 1 }, (v) => run({ installYear: v })),
      optionalNumber('Removal year', 'fence-removal', f.removalYear, 'never', { min: 0, max: 300, step: 1 }, (v) => run({ removalYear: v })),
      optionalNumber(
        'Rebuilt every (years)',
        'fence-renew',
        typeof f.renewEveryYears === 'number' ? f.renewEveryYears : undefined,
        f.renewEveryYears === 'never' || type?.serviceLifeYears === null ? 'never' : type ? `${type.serviceLifeYears} (library)` : 'library',
        { min: 1, max: 300, step: 1 },
        (v) => run({ renewEveryYears: v }),
      ),
      optionalNumber('Cost per metre', 'fence-cost', f.costPerMetre, type ? `${type.costPerMetre} (library)` : 'library', { min: 0, step: 0.1 }, (v) => run({ costPerMetre: v })),
      optionalNumber('Breaches per km per year', 'fence-breach', f.breachRatePerKmPerYear, 'library', { min: 0, step: 0.1 }, (v) => run({ breachRatePerKmPerYear: v })),
    );
    const protects = document.createElement('fieldset');
    const pl = document.createElement('legend');
    pl.textContent = 'Its cost counts against';
    protects.append(pl);
    for (const z of plan.plantings) {
      const on = f.protects?.includes(z.name) ?? false;
      protects.append(checkbox(z.name, `fence-protects-${z.name}`, on, (v) => run({ protects: v ? [...(f.protects ?? []), z.name] : (f.protects ?? []).filter((n) => n !== z.name) })));
    }
    box.append(protects, hint('Without a choice here, the zones inside a closed fence carry its cost.'));
    if (type) box.append(hint(`Cost per metre: ${type.source}`));
  }

  private population(plan: Readonly<ScenarioInput>, index: number): void {
    const box = this.options.box;
    box.append(title('Roaming area'));
    this.populationFields(box, plan, index);
    box.append(hint('These animals roam only inside the area drawn; delete the area and they roam the whole site.'));
  }

  private populationFields(box: HTMLElement, plan: Readonly<ScenarioInput>, index: number): void {
    const h = (plan.herbivores ?? [])[index];
    const run = (patch: Parameters<typeof editHerbivores>[1]) => this.options.execute(editHerbivores(index, patch));
    const kinds = this.options.library.herbivores;
    box.append(
      select('Kind', `herbivore-kind-${index}`, h.kind, kinds.map((k) => [k.id, k.name]), (v) => run({ kind: v })),
      number('Density (per km²)', `herbivore-density-${index}`, h.densityPerKm2 ?? 0, { min: 0, max: 10_000, step: 0.5 }, (v) => run({ densityPerKm2: v, count: undefined })),
      number('Culled each year (%)', `herbivore-culling-${index}`, Math.round((h.cullingRate ?? 0) * 1000) / 10, { min: 0, max: 100, step: 1 }, (v) => run({ cullingRate: v / 100 })),
    );
  }
}

function title(textContent: string): HTMLElement {
  const h = document.createElement('h3');
  h.textContent = textContent;
  return h;
}

function hint(textContent: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'hint';
  p.textContent = textContent;
  return p;
}

function labelled(label: string, control: HTMLElement): HTMLElement {
  if (!label) return control;
  const l = document.createElement('label');
  l.append(`${label} `, control);
  return l;
}

function text(label: string, id: string, value: string, onChange: (v: string) => void): HTMLElement {
  const input = document.createElement('input');
  input.type = 'text';
  input.id = id;
  input.value = value;
  input.addEventListener('change', () => {
    if (input.value.trim() !== '') onChange(input.value.trim());
  });
  return labelled(label, input);
}

function number(label: string, id: string, value: number, range: { min?: number; max?: number; step?: number }, onChange: (v: number) => void): HTMLElement {
  const input = document.createElement('input');
  input.type = 'number';
  input.id = id;
  input.value = String(value);
  if (range.min !== undefined) input.min = String(range.min);
  if (range.max !== undefined) input.max = String(range.max);
  if (range.step !== undefined) input.step = String(range.step);
  input.addEventListener('change', () => {
    const v = Number(input.value);
    if (input.value !== '' && Number.isFinite(v)) onChange(v);
  });
  return labelled(label, input);
}

/** A number that may be left empty to use the default the placeholder names. */
function optionalNumber(
  label: string,
  id: string,
  value: number | undefined,
  placeholder: string,
  range: { min?: number; max?: number; step?: number },
  onChange: (v: number | undefined) => void,
): HTMLElement {
  const wrapper = number(label, id, value ?? 0, range, () => {});
  const input = wrapper.querySelector('input') ?? (wrapper as HTMLInputElement);
  input.value = value === undefined ? '' : String(value);
  input.placeholder = placeholder;
  input.addEventListener('change', () => {
    const v = Number(input.value);
    onChange(input.value === '' ? undefined : Number.isFinite(v) ? v : undefined);
  });
  return wrapper;
}

function select(label: string, id: string, value: string, options: [string, string][], onChange: (v: string) => void): HTMLElement {
  const s = document.createElement('select');
  s.id = id;
  for (const [v, name] of options) s.append(new Option(name, v, v === value, v === value));
  s.addEventListener('change', () => onChange(s.value));
  return labelled(label, s);
}

function checkbox(label: string, id: string, checked: boolean, onChange: (on: boolean) => void): HTMLElement {
  const input = document.createElement('input');
  input.type = 'checkbox';
  input.id = id;
  input.checked = checked;
  input.addEventListener('change', () => onChange(input.checked));
  const l = document.createElement('label');
  l.append(input, ` ${label}`);
  return l;
}

function button(textContent: string, id: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.id = id;
  b.textContent = textContent;
  b.addEventListener('click', onClick);
  return b;
}
