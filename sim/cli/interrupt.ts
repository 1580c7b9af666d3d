/**
 * Runs work that stops cleanly on Ctrl-C (SIGINT) or SIGTERM: the signal aborts it, so workers are
 * terminated and nothing is written as if complete; the command then exits with code 130.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
