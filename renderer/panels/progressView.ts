import type { HostProgress, RunOutcome } from '../../sim/hostApi/api.js';

/** The run progress bar: the share done and what is under way, then how the run ended. */
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

  update(label: string, event: HostProgress): void {
    this.bar.max = 1;
    this.bar.value = event.share;
    this.text.textContent = `${label}: ${event.detail}`;
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
