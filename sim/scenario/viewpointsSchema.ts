import { z } from 'zod';
import { nameSchema } from './names.js';

/**
 * A named view of the site kept with the plan ("from the road"): where the viewer looks, from which
 * compass direction, how steeply and from how far. Part of the scenario schema (`viewpoints`); the
 * page saves and restores them, and they change nothing a run computes.
 */
export const viewpointSchema = z
  .object({
    name: nameSchema(64),
    target: z.tuple([z.number().finite(), z.number().finite()]).describe("the ground point looked at, in the terrain's coordinates"),
    heading: z.number().min(0).max(360).describe('the compass direction the viewer looks in, degrees clockwise from north'),
    pitch: z.number().min(0).max(90).describe('degrees below the horizontal the viewer looks down: 0 level, 90 straight down'),
    distance: z.number().gt(0).max(1_000_000).describe('metres from the viewer to the target'),
  })
  .strict();

export type Viewpoint = z.output<typeof viewpointSchema>;
