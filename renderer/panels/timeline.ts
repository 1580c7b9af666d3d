/**
 * The year slider with play/pause and speed. Playback advances continuously so animals move along
 * their tracks between years; listeners get the year and the fraction of it elapsed.
 */
export class Timeline {
  private year = 0;
  private fraction = 0;
  private maxYear = 0;
  private playing = false;
  private lastTime = 0;
  private readonly listeners: ((year: number, fraction: number) => void)[] = [];

  constructor(
    private readonly slider: HTMLInputElement,
    private readonly label: HTMLOutputElement,
    private readonly playButton: HTMLButtonElement,
    private readonly speed: HTMLSelectElement,
  ) {
    slider.addEventListener('input', () => this.setYear(Number(slider.value), { fromUser: true }));
    playButton.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
  }

  /** Set when the user picks a year: the view stops following new frames of a running scenario. */
  userMoved = false;

  get current(): number {
    return this.year;
  }

  get max(): number {
    return this.maxYear;
  }

  onChange(listener: (year: number, fraction: number) => void): void {
    this.listeners.push(listener);
  }

  setMax(maxYear: number): void {
    this.maxYear = Math.max(0, maxYear);
    this.slider.max = String(this.maxYear);
    if (this.year > this.maxYear) this.setYear(this.maxYear);
  }

  setYear(year: number, opts: { fromUser?: boolean } = {}): void {
    if (opts.fromUser) this.userMoved = true;
    this.year = Math.max(0, Math.min(this.maxYear, Math.round(year)));
    this.fraction = 0;
    this.slider.value = String(this.year);
    this.label.value = `Year ${this.year}`;
    this.emit();
  }

  play(): void {
    if (this.playing) return;
    if (this.year >= this.maxYear) this.setYear(0);
    this.playing = true;
    this.userMoved = true;
    this.playButton.textContent = '❚❚';
    this.playButton.setAttribute('aria-label', 'Pause');
    this.lastTime = performance.now();
    requestAnimationFrame((t) => this.tick(t));
  }

  pause(): void {
    this.playing = false;
    this.playButton.textContent = '▶';
    this.playButton.setAttribute('aria-label', 'Play');
  }

  private tick(now: number): void {
    if (!this.playing) return;
    const dt = Math.min(0.25, (now - this.lastTime) / 1000);
    this.lastTime = now;
    this.fraction += dt * Number(this.speed.value);
    while (this.fraction >= 1) {
      this.fraction -= 1;
      if (this.year >= this.maxYear) {
        this.fraction = 0;
        this.pause();
        break;
      }
      this.year++;
      this.slider.value = String(this.year);
      this.label.value = `Year ${this.year}`;
    }
    this.emit();
    if (this.playing) requestAnimationFrame((t) => this.tick(t));
  }

  private emit(): void {
    for (const l of this.listeners) l(this.year, this.fraction);
  }
}
