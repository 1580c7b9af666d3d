import type { RunOutcome, ScenarioProblem } from '../../sim/hostApi/api.js';
import { RunCancelledError } from '../../sim/run/events.js';

/**
 * How a run that threw ended: cancelled when it was asked to stop (whatever the error then says),
 * otherwise failed with the error's message and no problems of the plan to point at.
 */
export function endedBy(runId: string, err: unknown, signal: AbortSignal): RunOutcome {
  if (err instanceof RunCancelledError || signal.aborted) return { status: 'cancelled', runId };
  return { status: 'failed', runId, message: (err as Error).message, problems: [] };
}

/** A run refused before it started, for one reason: the message is also its one problem. */
export function refused(runId: string, message: string): RunOutcome {
  return { status: 'failed', runId, message, problems: [{ message }] };
}

/** A run refused for its plan's (or search's) problems: each listed, the message joining them. */
export function refusedFor(runId: string, problems: ScenarioProblem[]): RunOutcome {
  return { status: 'failed', runId, message: problems.map((p) => p.message).join('; '), problems };
}
