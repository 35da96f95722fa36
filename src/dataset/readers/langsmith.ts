import { isRecord } from '../passages.js';
import { questionText, responseText, traceRow } from './trace-values.js';

type Run = Record<string, unknown>;

function isRun(value: unknown): value is Run {
  return isRecord(value) && typeof value.run_type === 'string' && ('inputs' in value || 'trace_id' in value);
}

/** The runs of a LangSmith document: a list of runs, `{"runs": [...]}`, or one run with `child_runs`. */
function topRuns(document: unknown): Run[] | undefined {
  if (Array.isArray(document)) return isRun(document[0]) ? document.filter(isRun) : undefined;
  if (!isRecord(document)) return undefined;
  if (Array.isArray(document.runs) && isRun(document.runs[0])) return document.runs.filter(isRun);
  return isRun(document) && Array.isArray(document.child_runs) ? [document] : undefined;
}

/** Whether a JSON document is a LangSmith runs export (runs with `run_type` and `inputs`). */
export function isLangsmithExport(document: unknown): boolean {
  return topRuns(document) !== undefined;
}

/** Every run, nested `child_runs` included, each with the trace it belongs to. */
function flattenRuns(runs: readonly Run[], traceId?: string): { run: Run; traceId: string }[] {
  return runs.flatMap((run) => {
    const own = String(run.trace_id ?? traceId ?? run.id ?? '');
    const children = Array.isArray(run.child_runs) ? run.child_runs.filter(isRun) : [];
    return [{ run, traceId: own }, ...flattenRuns(children, own)];
  });
}

function order(run: Run): string {
  return String(run.dotted_order ?? run.start_time ?? '');
}

/**
 * One ragseam row per trace. The question is the root run's `inputs` (`question`, `query`,
 * `input`, a chat's last user message …), else the first retriever run's; the passages are that
 * retriever run's `outputs.documents`; the logged response is the root run's `outputs`, else the
 * last llm run's. Traces without a question are left out.
 */
export function langsmithRows(document: unknown): { rows: Record<string, unknown>[] } {
  const traces = new Map<string, Run[]>();
  for (const { run, traceId } of flattenRuns(topRuns(document) ?? [])) {
    traces.set(traceId, [...(traces.get(traceId) ?? []), run]);
  }
  const rows: Record<string, unknown>[] = [];
  for (const [traceId, unsorted] of traces) {
    const runs = [...unsorted].sort((a, b) => order(a).localeCompare(order(b)));
    const ids = new Set(runs.map((run) => run.id));
    const root = runs.find((run) => run.parent_run_id == null || !ids.has(run.parent_run_id));
    const retriever = runs.find((run) => run.run_type === 'retriever');
    const question = questionText(root?.inputs) ?? questionText(retriever?.inputs);
    if (question === undefined) continue;
    const llms = runs.filter((run) => run.run_type === 'llm');
    const response =
      root === retriever ? undefined : (responseText(root?.outputs) ?? responseText(llms.at(-1)?.outputs));
    const meta = {
      ...(typeof root?.name === 'string' ? { runName: root.name } : {}),
      ...(Array.isArray(root?.tags) && root.tags.length > 0 ? { tags: root.tags } : {}),
    };
    rows.push(
      traceRow(traceId, question, {
        documents: retriever?.outputs,
        hasRetriever: retriever !== undefined,
        response,
        meta,
      }),
    );
  }
  return { rows };
}
