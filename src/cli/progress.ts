import type { OutputStream } from './io.js';
/**
 * How progress is shown: a redrawn bar on a terminal, one plain line every few seconds elsewhere
 * (a CI log keeps every line, so a redrawn bar would fill it), nothing when switched off.
 */
export type ProgressMode = 'bar' | 'lines' | 'off';

/** One update from the engine. */
export interface ProgressUpdate {
  readonly phase: string;
  readonly done: number;
  readonly total: number;
  /** Calls of this phase that failed so far. */
  readonly errors?: number | undefined;
}

export interface ProgressOptions {
  readonly mode: ProgressMode;
  /** Terminal width for the bar. */
  readonly columns?: number | undefined;
  /** Lines mode: at most one line per this many milliseconds (the end of a phase always prints). */
  readonly intervalMs?: number;
  readonly now?: () => number;
}

/** "1m27s", "42s", "–" */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** What a phase counts, when not calls: the last phase, `intervals`, counts bootstrap resamples. */
function unitOf(phase: string): string {
  return phase.endsWith('intervals') ? 'resamples' : 'calls';
}

/** Progress on stderr: done/total, calls (or resamples) per second, errors and the time left. */
export class ProgressBar {
  private lastDraw = Number.NEGATIVE_INFINITY;
  private visible = false;
  private phase = '';
  private phaseStart = 0;
  private readonly now: () => number;

  constructor(
    private readonly stream: OutputStream,
    private readonly options: ProgressOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  update({ phase, done, total, errors = 0 }: ProgressUpdate): void {
    if (this.options.mode === 'off') return;
    const now = this.now();
    if (phase !== this.phase) {
      this.phase = phase;
      this.phaseStart = now;
      if (this.options.mode === 'lines') this.lastDraw = now;
    }
    const finished = done >= total;
    const interval = this.options.mode === 'bar' ? 80 : (this.options.intervalMs ?? 5000);
    if (!finished && now - this.lastDraw < interval) return;
    this.lastDraw = now;
    const elapsedS = Math.max((now - this.phaseStart) / 1000, 0.001);
    const rate = done / elapsedS;
    const unit = unitOf(phase);
    const stats = [
      `${rate.toFixed(1)} ${unit}/s`,
      ...(unit === 'calls' ? [`${errors} error${errors === 1 ? '' : 's'}`] : []),
      finished
        ? `took ${formatDuration(elapsedS)}`
        : `ETA ${rate > 0 ? formatDuration((total - done) / rate) : '–'}`,
    ].join(', ');
    if (this.options.mode === 'lines') {
      this.stream.write(`${phase} ${done}/${total} (${stats})\n`);
      return;
    }
    const label = `${phase.padEnd(9)} `;
    const counts = ` ${done}/${total} ${stats}`;
    const room = (this.options.columns ?? 80) - label.length - counts.length - 1;
    const width = Math.max(10, Math.min(40, room));
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    this.stream.write(`\r${label}${bar}${counts}\u001b[K`);
    this.visible = true;
  }

  clear(): void {
    if (!this.visible) return;
    this.stream.write('\r\u001b[K');
    this.visible = false;
  }
}
