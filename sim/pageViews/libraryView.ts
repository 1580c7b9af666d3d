import type { Library } from '../library/schema.js';
import type { LibraryView } from '../hostApi/api.js';

/** The library as the editor lists it: ids, names and the sources of the values it shows. */
export function describeLibrary(library: Library): LibraryView {
  return {
    species: Object.entries(library.species).map(([id, s]) => ({
      id,
      name: s.name,
      latin: s.latin,
      form: s.form,
      elevationLimit: s.site.elevationLimit,
      source: s.height.source,
    })),
    fenceTypes: Object.entries(library.fenceTypes).map(([id, f]) => ({
      id,
      name: f.name,
      heightM: f.height.value,
      costPerMetre: f.costPerMetre.value,
      serviceLifeYears: f.serviceLifeYears?.value ?? null,
      source: f.costPerMetre.source,
    })),
    herbivores: Object.entries(library.herbivores).map(([id, h]) => ({
      id,
      name: h.name,
      latin: h.latin,
      browseHeight: h.browseHeight.value,
      source: h.source,
    })),
    costs: {
      currency: library.costs.currency,
      plantsAndPlantingPerTree: library.costs.plantsAndPlantingPerTree.value,
      groundPreparationPerHectare: library.costs.groundPreparationPerHectare.value,
      maintenancePerHectarePerYear: library.costs.maintenancePerHectarePerYear.value,
      maintenanceYears: library.costs.maintenanceYears.value,
      shelters: library.costs.shelters.byHeight.map((r) => ({ ...r })),
    },
  };
}
