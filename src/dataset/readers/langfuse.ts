import { isRecord } from '../passages.js';
import { questionText, responseText, traceRow } from './trace-values.js';

type Observation = Record<string, unknown>;

function isObservation(value: unknown): value is Observation {
  return isRecord(value) && typeof value.traceId === 'string' && typeof value.type === 'string';
}

/** The observations of a Langfuse document, with the trace record when the document has one. */
function observationsOf(document: unknown): { observations: Observation[]; trace?: Observation } | undefined {
  if (Array.isArray(document))
    return isObservation(document[0]) ? { observations: document.filter(isObservation) } : undefined;
  if (!isRecord(document)) return undefined;
  if (isRecord(document.trace) && Array.isArray(document.observations)) {
    return { observations: document.observations.filter(isObservation), trace: document.trace };
  }
  const page = document.data;
  if (Array.isArray(page) && isObservation(page[0])) return { observations: page.filter(isObservation) };
  return undefined;
}

/**
 * Whether a JSON document is a Langfuse export: the observations export (an array of observations
 * with `traceId` and `type`), a page of the public API (`{"data": [...]}`), or one trace as the UI
 * downloads it (`{"trace": {...}, "observations": [...]}`).
 */
export function isLangfuseExport(document: unknown): boolean {
  return observationsOf(document) !== undefined;
}

function byStartTime(a: Observation, b: Observation): number {
  return String(a.startTime ?? '').localeCompare(String(b.startTime ?? ''));
}

function isType(observation: Observation, type: string): boolean {
  return String(observation.type).toUpperCase() === type;
}

function traceMeta(trace: Observation | undefined, first: Observation): Record<string, unknown> {
  const name = trace?.name ?? first.traceName;
  const tags = trace?.tags ?? first.traceTags;
  return {
    ...(typeof name === 'string' ? { traceName: name } : {}),
    ...(Array.isArray(tags) && tags.length > 0 ? { tags } : {}),
  };
}

/**
 * One ragseam row per trace. The question is the root observation's input, else the trace's
 * input, else the first RETRIEVER observation's; the passages are that retriever's output; the
 * logged response is the root's output, else the trace's, else the last GENERATION's output.
 * Traces without a question are left out.
 */
export function langfuseRows(document: unknown): { rows: Record<string, unknown>[] } {
  const found = observationsOf(document);
  const traces = new Map<string, Observation[]>();
  for (const observation of found?.observations ?? []) {
    const id = observation.traceId as string;
    traces.set(id, [...(traces.get(id) ?? []), observation]);
  }
  const rows: Record<string, unknown>[] = [];
  for (const [traceId, unsorted] of traces) {
    const observations = [...unsorted].sort(byStartTime);
    const ids = new Set(observations.map((observation) => observation.id));
    const root = observations.find(
      (observation) => observation.parentObservationId == null || !ids.has(observation.parentObservationId),
    );
    const retriever = observations.find((observation) => isType(observation, 'RETRIEVER'));
    const trace = found?.trace?.id === traceId ? found.trace : undefined;
    const question =
      questionText(root?.input) ?? questionText(trace?.input) ?? questionText(retriever?.input);
    if (question === undefined) continue;
    const generations = observations.filter((observation) => isType(observation, 'GENERATION'));
    const response =
      root === retriever
        ? undefined
        : (responseText(root?.output) ??
          responseText(trace?.output) ??
          responseText(generations.at(-1)?.output));
    const meta = traceMeta(trace, observations[0] as Observation);
    rows.push(
      traceRow(traceId, question, {
        documents: retriever?.output,
        hasRetriever: retriever !== undefined,
        response,
        meta,
      }),
    );
  }
  return { rows };
}
