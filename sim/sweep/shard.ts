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
 * The shard from a scheduler's array index when no --shard is given:
 * - SLURM job arrays: SLURM_ARRAY_TASK_ID is the shard itself, so number the array from 1
 *   (`--array=1-N`); re-submitting one task (`--array=5`) then runs the same shard. The count comes
 *   from --shard-count or REFOREST_SHARD_COUNT, else SLURM_ARRAY_TASK_COUNT (right only for the
 *   original, whole submission).
 * - Kubernetes Indexed Jobs (JOB_COMPLETION_INDEX) and AWS Batch array jobs
 *   (AWS_BATCH_JOB_ARRAY_INDEX) count from 0 and do not tell the count: it comes from --shard-count
 *   or REFOREST_SHARD_COUNT.
 * Returns null when neither an index nor a count is set; a count without an index is an error, so a
 * misconfigured array job never runs the whole sweep in every task.
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
  const k8s = whole('JOB_COMPLETION_INDEX');
  const aws = whole('AWS_BATCH_JOB_ARRAY_INDEX');
  let index: number;
  let count: number | undefined;
  let source: string;
  if (slurm !== undefined) {
    index = slurm;
    count = explicitCount ?? whole('SLURM_ARRAY_TASK_COUNT');
    source = 'SLURM_ARRAY_TASK_ID';
    if (index === 0) throw new ShardError('SLURM_ARRAY_TASK_ID is 0: number the job array from 1 (--array=1-N), one task per shard');
  } else if (k8s !== undefined || aws !== undefined) {
    index = (k8s ?? aws)! + 1;
    count = explicitCount;
    source = k8s !== undefined ? 'JOB_COMPLETION_INDEX' : 'AWS_BATCH_JOB_ARRAY_INDEX';
  } else {
    if (explicitCount !== undefined) {
      throw new ShardError(
        'a number of shards is given (--shard-count or REFOREST_SHARD_COUNT) but no shard index: give --shard I/N, or run as an array job',
      );
    }
    return null;
  }
  if (count === undefined) throw new ShardError(`${source} is set but the number of shards is not: give --shard-count N or set REFOREST_SHARD_COUNT`);
  if (index < 1 || index > count) throw new ShardError(`${source} gives shard ${index}, outside 1..${count}`);
  return { index, count };
}

/** The runs (0..total-1) of a shard: every count-th run, so each shard gets a similar mix of variants. */
export function runsOfShard(total: number, shard: Shard | null): number[] {
  const out: number[] = [];
  for (let k = shard ? shard.index - 1 : 0; k < total; k += shard ? shard.count : 1) out.push(k);
  return out;
}
