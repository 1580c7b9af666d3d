/**
 * A viewpoint (the plan's `viewpoints`: target, compass heading, pitch below the horizontal and
 * distance) as the orbit camera's angles and back. The camera sits at target + radius · (cos α sin β,
 * cos β, sin α sin β) in scene coordinates, x east and z north, and looks at its target.
 */
const DEG = Math.PI / 180;

export interface OrbitPose {
  alpha: number;
  beta: number;
  radius: number;
}

/** The camera's angles for a heading (degrees clockwise from north) and a pitch (degrees below the horizontal). */
export function orbitOf(heading: number, pitch: number, distance: number): OrbitPose {
  const h = heading * DEG;
  return { alpha: Math.atan2(-Math.cos(h), -Math.sin(h)), beta: (90 - pitch) * DEG, radius: distance };
}

/** The heading (0–360, clockwise from north), pitch (0–90) and distance of the camera's angles. */
export function headingOf(pose: OrbitPose): { heading: number; pitch: number; distance: number } {
  const heading = (Math.atan2(-Math.cos(pose.alpha), -Math.sin(pose.alpha)) / DEG + 360) % 360;
  const pitch = Math.min(90, Math.max(0, 90 - pose.beta / DEG));
  return { heading: Math.round(heading * 100) / 100, pitch: Math.round(pitch * 100) / 100, distance: Math.round(pose.radius * 100) / 100 };
}

/** A viewpoint less its name: what the camera is set from and read back as. */
export interface ViewpointPose {
  target: [number, number];
  heading: number;
  pitch: number;
  distance: number;
}
