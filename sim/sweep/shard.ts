/** Which share of a sweep's runs this process takes, for cluster array jobs. */
export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export class ShardError extends Error {}

/** Parses `I/N` (I counts from 1). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new ShardError(`--shard must look like I/N (e.g. 2/8), not "${text}"`);
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index < 1 || index > count) throw new ShardError(`--shard ${text}: I must be between 1 and N`);
  return { index, count };
}

/**
 * The shard from a scheduler's array index when no --shard is given: SLURM job arrays
 * (SLURM_ARRAY_TASK_ID, relative to SLURM_ARRAY_TASK_MIN, count SLURM_ARRAY_TASK_COUNT), Kubernetes
 * Indexed Jobs (JOB_COMPLETION_INDEX, from 0) and AWS Batch array jobs (AWS_BATCH_JOB_ARRAY_INDEX,
 * from 0). Kubernetes and AWS do not tell the count, so it comes from `countFlag` (--shard-count) or
 * REFOREST_SHARD_COUNT. Returns null when no scheduler index is set.
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv, countFlag?: number): Shard | null {
  const whole = (name: string): number | undefined => {
    const raw = env[name];
    if (raw === undefined || raw === '') return undefined;
    if (!/^\d+$/.test(raw)) throw new ShardError(`${name}="${raw}" is not a whole number`);
    return Number(raw);
  };
  const explicitCount = countFlag ?? whole('REFOREST_SHARD_COUNT');
  const slurm = whole('SLURM_ARRAY_TASK_ID');
  let zeroBased: number | undefined;
  let count: number | undefined;
  let source = '';
  if (slurm !== undefined) {
    zeroBased = slurm - (whole('SLURM_ARRAY_TASK_MIN') ?? 0);
    count = explicitCount ?? whole('SLURM_ARRAY_TASK_COUNT');
    source = 'SLURM_ARRAY_TASK_ID';
  } else if (whole('JOB_COMPLETION_INDEX') !== undefined) {
    zeroBased = whole('JOB_COMPLETION_INDEX');
    count = explicitCount;
    source = 'JOB_COMPLETION_INDEX';
  } else if (whole('AWS_BATCH_JOB_ARRAY_INDEX') !== undefined) {
    zeroBased = whole('AWS_BATCH_JOB_ARRAY_INDEX');
    count = explicitCount;
    source = 'AWS_BATCH_JOB_ARRAY_INDEX';
  }
  if (zeroBased === undefined) return null;
  if (count === undefined) throw new ShardError(`${source} is set but the number of shards is not: give --shard-count N or set REFOREST_SHARD_COUNT`);
  if (zeroBased < 0 || zeroBased >= count) throw new ShardError(`${source} gives shard ${zeroBased + 1}, outside 1..${count}`);
  return { index: zeroBased + 1, count };
}

/** The runs (0..total-1) of a shard: every count-th run, so each shard gets a similar mix of variants. */
export function runsOfShard(total: number, shard: Shard | null): number[] {
  const out: number[] = [];
  for (let k = shard ? shard.index - 1 : 0; k < total; k += shard ? shard.count : 1) out.push(k);
  return out;
}
