import type { OutputStream } from './io.js';

/** A one-line progress bar on a terminal's stderr; does nothing when stderr is not a terminal. */
export class ProgressBar {
  private lastDraw = 0;
  private visible = false;

  constructor(
    private readonly stream: OutputStream,
    private readonly enabled: boolean,
  ) {}

  update(phase: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    // Redraw at most every 80 ms, but always show the end of a phase.
    if (done < total && now - this.lastDraw < 80) return;
    this.lastDraw = now;
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(`\r${phase.padEnd(9)} ${bar} ${done}/${total}\u001b[K`);
    this.visible = true;
  }

  clear(): void {
    if (!this.visible) return;
    this.stream.write('\r\u001b[K');
    this.visible = false;
  }
}
