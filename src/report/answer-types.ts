import type { AdoptionCount, Summary } from '../model/report.js';
import { formatShare } from './format.js';

/** One answer type's adoption, for the reporters. */
export interface TypeAdoption extends AdoptionCount {
  readonly type: string;
}

/**
 * Adoption per corrupt target answer type, the most answered types first (ties by name); empty
 * for reports written before answer types existed.
 */
export function adoptionByTypeRows(summary: Partial<Pick<Summary, 'adoptionByType'>>): TypeAdoption[] {
  return Object.entries(summary.adoptionByType ?? {})
    .map(([type, count]) => ({ type, ...count }))
    .sort((a, b) => b.answered - a.answered || a.type.localeCompare(b.type));
}

/** "person 0.80 (4/5) · year 1.00 (1/1)"; undefined when there is no typed corrupt probe. */
export function adoptionByTypeLine(summary: Partial<Pick<Summary, 'adoptionByType'>>): string | undefined {
  const rows = adoptionByTypeRows(summary);
  if (rows.length === 0) return undefined;
  return rows
    .map((row) => `${row.type} ${formatShare(row.value)} (${row.adopted}/${row.answered})`)
    .join(' · ');
}

/** "0.05 (2 answered off context)"; undefined for reports written before abstentions were classified. */
export function abstentionLine(
  summary: Partial<Pick<Summary, 'abstentionRate' | 'offContextAnswers'>>,
): string | undefined {
  if (summary.abstentionRate === undefined) return undefined;
  const off = summary.offContextAnswers ? ` (${summary.offContextAnswers} answered off context)` : '';
  return `${formatShare(summary.abstentionRate)}${off}`;
}
