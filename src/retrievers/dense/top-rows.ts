/** A row of a vector index and its score. */
export interface RowScore {
  readonly row: number;
  readonly score: number;
}

/**
 * The best `size` rows offered so far: higher score first, ties to the lower row, so the result
 * does not depend on the order rows are offered in.
 */
export class TopRows {
  private readonly rows: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly size: number) {}

  offer(row: number, score: number): void {
    const { rows, scores, size } = this;
    if (size <= 0) return;
    const full = rows.length === size;
    if (full) {
      const lastScore = scores[size - 1] as number;
      if (score < lastScore || (score === lastScore && row > (rows[size - 1] as number))) return;
      rows.pop();
      scores.pop();
    }
    let at = rows.length;
    while (at > 0) {
      const s = scores[at - 1] as number;
      if (s > score || (s === score && (rows[at - 1] as number) < row)) break;
      at--;
    }
    rows.splice(at, 0, row);
    scores.splice(at, 0, score);
  }

  sorted(): RowScore[] {
    return this.rows.map((row, i) => ({ row, score: this.scores[i] as number }));
  }
}
