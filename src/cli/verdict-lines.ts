import type { GateResult } from '../model/gates.js';
import { gateLabel } from '../report/gate-text.js';
import { renderGates } from '../report/table.js';
import { type CliIO, chalkFor } from './io.js';

/**
 * Writes the gate verdicts and the reason for the exit code to stderr, whatever stdout carries,
 * so a CI log always says why a job passed or failed. Returns the exit code: 1 when a gate failed.
 */
export function writeGateVerdict(io: CliIO, gates: readonly GateResult[]): number {
  const chalk = chalkFor(io, 'stderr');
  if (gates.length > 0) io.stderr.write(`${renderGates(gates, chalk)}\n`);
  const failed = gates.filter((gate) => !gate.passed);
  const reason =
    gates.length === 0
      ? 'exit 0: no gates set (--fail-under or --max gate the run)'
      : failed.length === 0
        ? `exit 0: ${gates.length === 1 ? 'the gate' : `all ${gates.length} gates`} passed`
        : `exit 1: ${failed.length} of ${gates.length} gate${gates.length === 1 ? '' : 's'} failed (${failed.map(gateLabel).join(', ')})`;
  io.stderr.write(`ragseam: ${failed.length > 0 ? chalk.red(reason) : reason}\n`);
  return failed.length > 0 ? 1 : 0;
}
