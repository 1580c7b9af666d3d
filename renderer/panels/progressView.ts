import type { HostRunEvent, RunOutcome } from '../../sim/host/api.js';

/** The run progress bar: replicates and years done, then how the run ended. */
export class ProgressView {
  constructor(
    private readonly bar: HTMLProgressElement,
    private readonly text: HTMLElement,
  ) {}

  message(text: string): void {
    this.text.textContent = text;
  }

  started(label: string): void {
    this.bar.value = 0;
    this.text.textContent = `${label}: starting…`;
  }

  update(label: string, event: Extract<HostRunEvent, { type: 'progress' }>): void {
    this.bar.max = Math.max(1, event.totalYears);
    this.bar.value = event.yearsDone;
    this.text.textContent = `${label}: replicates ${event.replicatesDone}/${event.replicates} · years ${Math.floor(event.yearsDone)}/${event.totalYears}`;
  }

  finished(label: string, outcome: RunOutcome, seconds: number): void {
    if (outcome.status === 'completed') {
      this.bar.value = this.bar.max;
      this.text.textContent = `${label}: done in ${seconds.toFixed(1)} s`;
    } else if (outcome.status === 'cancelled') {
      this.text.textContent = `${label}: cancelled`;
    } else {
      this.text.textContent = `${label}: failed`;
    }
  }
}
