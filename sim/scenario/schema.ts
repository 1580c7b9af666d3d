import { z } from 'zod';
import { freeTextSchema, nameSchema } from './names.js';
import { MAX_COST_PER_METRE } from '../library/schema.js';
import { carbonUnitFigures } from './carbonUnitsSchema.js';

/**
 * The scenario file: a site and a plan. This schema is the single definition of the format; the
 * TypeScript types, the published JSON Schema (assets/scenario.schema.json) and validation all come from it.
 */

export const SCHEMA_VERSION = 1;

export { LIMITS, MAX_ANIMALS, MAX_TREES, MONEY } from './limits.js';
import { LIMITS, MONEY } from './limits.js';
import { measureSchema } from './measuresSchema.js';
import { viewpointSchema } from './viewpointsSchema.js';

/**
 * Herbivore movement steps per day unless a scenario sets its own. The validation report's convergence
 * study compares every headline result at this resolution with eight times as many (docs/validation.md).
 */
export const DEFAULT_STEPS_PER_DAY = 24;

/** Numerical settings of the herbivore field unless a scenario sets its own (docs/validation.md shows they do not decide the answer). */
export const DEFAULT_FIELD = { subStepsPerYear: 2 } as const;


/** A map coordinate, m: beyond any projected CRS on Earth is a typing mistake (and would overflow areas). */
const coordinate = () => z.number().min(-1e9).max(1e9);
const point = z.tuple([coordinate(), coordinate()]).describe('[x, y] in the terrain CRS, metres');
const tooManyVertices = `at most ${LIMITS.vertices.toLocaleString('en-GB')} vertices; simplify the outline (e.g. ogr2ogr -simplify)`;
const polygon = z
  .array(point)
  .min(3)
  .max(LIMITS.vertices, tooManyVertices)
  .describe('Ring of [x, y] vertices; the closing vertex may be omitted');
const year = z.number().int().min(0).max(LIMITS.years);

const extent = z
  .object({ minX: coordinate(), minY: coordinate(), maxX: coordinate(), maxY: coordinate() })
  .strict()
  .refine((e) => e.maxX > e.minX && e.maxY > e.minY, { message: 'maxX must exceed minX and maxY must exceed minY' })
  .describe('Crop a large elevation model to this rectangle (terrain CRS, metres)');

export const terrainSpecSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('procedural'),
      seed: z.number().int().min(0).max(0xffffffff).optional().describe('Relief seed; defaults to the scenario seed'),
      width: z.number().gt(0).max(100_000).describe('metres, west to east'),
      height: z.number().gt(0).max(100_000).describe('metres, south to north'),
      cellSize: z.number().gt(0).max(1000).default(10).describe('metres'),
      relief: z.number().min(0).max(5000).default(150).describe('metres of relief'),
      baseElevation: z.number().min(-500).max(9000).default(100).describe('metres above sea level of the lowest ground'),
      shape: z.enum(['glen', 'hills', 'flat']).default('glen'),
    })
    .strict(),
  z.object({ type: z.literal('geotiff'), path: z.string().min(1), extent: extent.optional() }).strict(),
  z.object({ type: z.literal('ascii'), path: z.string().min(1), extent: extent.optional() }).strict(),
]);


export const speciesMixSchema = z
  .object({ species: z.string().min(1), fraction: z.number().gt(0).max(1) })
  .strict();

export const plantingSchema = z
  .object({
    name: nameSchema(64).regex(/^[^,"]+$/, 'must not contain commas or quotes'),
    polygon,
    species: z.array(speciesMixSchema).min(1),
    density: z.number().gt(0).max(LIMITS.density).describe('stems per hectare'),
    layout: z
      .discriminatedUnion('type', [
        z.object({ type: z.literal('grid'), jitter: z.number().min(0).max(100).default(0.3).describe('metres') }).strict(),
        z.object({ type: z.literal('random') }).strict(),
      ])
      .default({ type: 'grid', jitter: 0.3 }),
    year: year.default(0).describe('year the zone is planted'),
    shelters: z
      .object({
        height: z.number().gt(0).max(5).describe('metres; protects from browsing until the tree is taller'),
        costPerTree: z.number().min(0).max(MONEY.perTree).optional().describe('the cost library rate for the height when absent'),
        species: z.array(z.string()).optional().describe('only these species get shelters; all when absent'),
      })
      .strict()
      .optional(),
    costs: z
      .object({
        perTree: z.number().min(0).max(MONEY.perTree).optional().describe('plants and planting labour, per tree'),
        perHectare: z.number().min(0).max(MONEY.perHectare).optional().describe('ground preparation, per hectare, at planting'),
        maintenancePerHectarePerYear: z.number().min(0).max(MONEY.perHectare).optional().describe('weeding and beating up, per hectare per year'),
        maintenanceYears: z.number().int().min(0).max(LIMITS.years).optional(),
      })
      .strict()
      .default({})
      .describe("this zone's rates; each one absent comes from the scenario's costRates, then the cost library"),
  })
  .strict();

export const fenceSchema = z
  .object({
    name: nameSchema(64),
    type: z.string().min(1).describe('fence type from the library or the scenario'),
    path: z.array(point).min(2).max(LIMITS.vertices, tooManyVertices),
    closed: z.boolean().default(false).describe('joins the last vertex back to the first'),
    installYear: year.default(0),
    removalYear: year.optional(),
    costPerMetre: z.number().min(0).max(MAX_COST_PER_METRE).optional(),
    maintenancePerMetrePerYear: z.number().min(0).max(MAX_COST_PER_METRE).optional(),
    breachRatePerKmPerYear: z.number().min(0).max(10_000).optional(),
    repairDelayDays: z.number().min(0).max(3650).optional(),
    protects: z.array(z.string()).optional().describe('planting zones whose cost includes this fence'),
    gates: z.number().int().min(0).max(10_000).optional().describe('gates in the fence; one in a closed fence and none in an open one when absent'),
    renewEveryYears: z
      .union([z.number().int().min(1).max(LIMITS.years), z.literal('never')])
      .optional()
      .describe(
        'rebuilt this many years after it is put up, and again as often while it stands: paid at its cost per metre, and new again (its breach rate back to the new fence\'s); "never" keeps it to the end, ageing; its type\'s service life when absent',
      ),
  })
  .strict();

/** Rates that replace the cost library's for the whole scenario, in the scenario's currency. */
export const costRatesSchema = z
  .object({
    plantsAndPlantingPerTree: z.number().min(0).max(MONEY.perTree).optional(),
    groundPreparationPerHectare: z.number().min(0).max(MONEY.perHectare).optional(),
    maintenancePerHectarePerYear: z.number().min(0).max(MONEY.perHectare).optional(),
    maintenanceYears: z.number().int().min(0).max(LIMITS.years).optional(),
    gatePerGate: z.number().min(0).max(MAX_COST_PER_METRE).optional(),
    deerControlPerHectarePerYear: z.number().min(0).max(MONEY.perHectare).optional(),
    shelters: z
      .array(z.object({ height: z.number().gt(0).max(5), perTree: z.number().min(0).max(MONEY.perTree) }).strict())
      .min(1)
      .optional()
      .describe('shelter cost by height; a height not listed takes the next taller row'),
  })
  .strict();

const verificationYears = z.array(year.min(1)).min(1).max(LIMITS.years);

/** What a plan is judged against: stocking targets and the carbon units it may claim. */
export const appraisalSchema = z
  .object({
    stockingTargetPerHa: z
      .number()
      .gt(0)
      .max(LIMITS.density)
      .default(1100)
      .describe(
        "stems per hectare a zone must hold to count as established (and beating up restocks to): 1,100 is the minimum for native broadleaves at year five of Scotland's Forestry Grant Scheme, Woodland Creation options (Rural Payments and Services, 2017), which asks 1,600 of native Scots pine and 2,500 of conifers",
      ),
    stockingYear: year.min(1).default(5).describe('year the stocking target is checked'),
    carbonUnits: z
      .object({
        ...carbonUnitFigures,
        verificationYears: verificationYears
          .refine((ys) => ys.every((y, i) => i === 0 || y > ys[i - 1]), { message: 'years must rise' })
          .optional()
          .describe('years units are verified and issued; 5, 15, 25, ... when absent'),
      })
      .strict()
      .default({ baselineTco2ePerHaPerYear: 0, vegetationRemovedTco2ePerHa: 0, soilDisturbanceTco2ePerHa: 0, buffer: 0.2 }),
  })
  .strict();

export const herbivorePopulationSchema = z
  .object({
    kind: z.string().min(1),
    densityPerKm2: z.number().min(0).max(10_000).optional(),
    count: z.number().int().min(0).max(LIMITS.herbivores).optional(),
    area: polygon.optional().describe('where they roam; the whole site when absent'),
    annualGrowthRate: z.number().min(-1).max(5).optional(),
    cullingRate: z.number().min(0).max(1).default(0).describe('fraction culled each year'),
    capacityPerKm2: z.number().gt(0).max(10_000).optional().describe('density at which growth stops (logistic)'),
    browseHeight: z.number().gt(0).max(10).optional(),
    dailyMovement: z.number().min(0).max(50_000).optional(),
    saplingsBrowsedPerDay: z.number().min(0).max(1000).optional(),
  })
  .strict()
  .refine((h) => (h.densityPerKm2 === undefined) !== (h.count === undefined), {
    message: 'give exactly one of densityPerKm2 or count',
  });

export const scenarioSchema = z
  .object({
    $schema: z.string().optional(),
    schemaVersion: z.literal(SCHEMA_VERSION),
    name: nameSchema(120),
    description: freeTextSchema().optional(),
    seed: z.number().int().min(0).max(0xffffffff),
    years: z.number().int().min(1).max(LIMITS.years),
    replicates: z.number().int().min(1).max(LIMITS.replicates),
    terrain: terrainSpecSchema,
    species: z
      .record(z.string(), z.record(z.string(), z.unknown()))
      .optional()
      .describe('Overrides of library species by id (partial), or new species (complete)'),
    herbivoreKinds: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    fenceTypes: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    plantings: z
      .array(plantingSchema)
      .min(1, 'the plan has no planting zone yet; it needs at least one')
      .max(LIMITS.zones, `at most ${LIMITS.zones.toLocaleString('en-GB')} zones; merge zones planted alike`),
    fences: z.array(fenceSchema).max(LIMITS.fences, `at most ${LIMITS.fences.toLocaleString('en-GB')} fences; join fences that meet into one path`).default([]),
    herbivores: z.array(herbivorePopulationSchema).default([]),
    viewpoints: z
      .array(viewpointSchema)
      .max(100)
      .superRefine((views, ctx) => {
        views.forEach((v, i) => {
          if (views.findIndex((w) => w.name === v.name) < i) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `viewpoint name "${v.name}" is used twice` });
        });
      })
      .default([])
      .describe('named views of the site kept with the plan, such as "from the road"; they change nothing a run computes'),
    measures: z
      .array(measureSchema)
      .max(1000)
      .default([])
      .describe('measures taken after planting, each from a given year: shelters put on, a zone restocked, the herds culled'),
    climate: z
      .union([
        z.literal('none').describe('no drought years: growth as the yield tables and height curves describe it'),
        z
          .object({
            droughtProbability: z.number().min(0).max(1).optional().describe("chance of a drought year; the library's (processes.json climate) when absent"),
            droughtSeverity: z.number().min(0).max(1).optional().describe("fraction of a year's growth lost by a fully sensitive species on a fully exposed site; the library's when absent"),
          })
          .strict(),
      ])
      .default({})
      .describe('the weather the plan meets: "none", or drought years at the library\'s frequency and severity unless given here'),
    regeneration: z
      .object({ enabled: z.boolean().default(true) })
      .strict()
      .default({ enabled: false }),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as GBP or EUR')
      .optional()
      .describe("currency of every cost; the cost library's (GBP) when absent"),
    exchangeRate: z
      .number()
      .gt(0)
      .max(1e6)
      .optional()
      .describe("units of the scenario's currency per unit of the library's, to convert the library rates the scenario does not replace"),
    costRates: costRatesSchema.optional(),
    deerControl: z
      .object({
        fromYear: year.default(0),
        toYear: year.optional().describe('last year of control; the last simulated year when absent'),
        perHectarePerYear: z.number().min(0).max(MONEY.perHectare).optional(),
      })
      .strict()
      .optional()
      .describe('deer control that holds the herds at the densities given, costed per hectare of the ground they roam'),
    beatingUp: z
      .union([
        z.literal('none').describe('dead trees are not replaced'),
        z
          .object({
            years: year.min(1).optional().describe("years after planting in which dead trees are replaced; the appraisal's stocking year when absent"),
            targetPerHa: z.number().gt(0).max(LIMITS.density).optional().describe("live stems per hectare each zone is restocked to; the appraisal's stocking target when absent"),
          })
          .strict(),
      ])
      .default({})
      .describe(
        'beating up: each year after a zone is planted, up to `years`, the places of dead planted trees are planted again (at the planting rate per tree) until the zone holds `targetPerHa` live stems, as grant schemes require by their stocking check',
      ),
    appraisal: appraisalSchema.default({ stockingTargetPerHa: 1100, stockingYear: 5, carbonUnits: { baselineTco2ePerHaPerYear: 0, vegetationRemovedTco2ePerHa: 0, soilDisturbanceTco2ePerHa: 0, buffer: 0.2 } }),
    herbivoreModel: z
      .enum(['field', 'walk'])
      .default('field')
      .describe(
        'how herbivores use the ground and browse. "field" (the default): each animal\'s time is spread over the ground it can reach from its ' +
          'home range, as the walk spends it (a kernel measured on the walk, times the habitat, within the fenced area it is in, with exchange ' +
          'between areas through fences and breaches), and saplings are browsed from the animal-days on them. "walk": every animal\'s path is ' +
          'traced (the reference the field is validated against; about ten times slower)',
      ),
    herbivoreField: z
      .object({
        subStepsPerYear: z.number().int().min(1).max(365).default(DEFAULT_FIELD.subStepsPerYear).describe('parts of the year between which forage eaten is taken off and the herd moves between fenced areas'),
        cellSize: z
          .number()
          .min(1)
          .max(1000)
          .optional()
          .describe('metres; cells of the home-range field (at least the site grid\'s); a 25th of the smallest home-range radius present when absent (45 m for red deer)'),
      })
      .strict()
      .default(DEFAULT_FIELD)
      .describe('numerical settings of the herbivore field; docs/validation.md shows that halving the cells and doubling the sub-steps changes no result'),
    herbivoreSteps: z
      .object({
        stepsPerDay: z.number().int().min(1).max(1440).default(DEFAULT_STEPS_PER_DAY),
        daysPerYear: z.number().int().min(1).max(366).default(365),
      })
      .strict()
      .default({ stepsPerDay: DEFAULT_STEPS_PER_DAY, daysPerYear: 365 })
      .describe('days a year herbivores browse (both models), and how finely the walk moves within a day (the walk only)'),
  })
  .strict();

/** A scenario as written in a file (defaults not yet applied). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A validated scenario with every default applied. */
export type Scenario = z.output<typeof scenarioSchema>;
export type TerrainSpec = z.output<typeof terrainSpecSchema>;
export type Planting = z.output<typeof plantingSchema>;
export type Fence = z.output<typeof fenceSchema>;
export type HerbivorePopulation = z.output<typeof herbivorePopulationSchema>;
export type Appraisal = z.output<typeof appraisalSchema>;

