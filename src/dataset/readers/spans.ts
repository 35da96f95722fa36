import type { Passage } from '../../model/types.js';
import { isRecord } from '../passages.js';

/** A span reduced to what a row needs, whichever export it came from. */
interface FlatSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentId: string | undefined;
  readonly kind: string;
  /** Attributes with dotted keys (`input.value`, `retrieval.documents.0.document.content`). */
  readonly attributes: Record<string, unknown>;
}

/** Whether a JSON document is a span export: Phoenix's span list, or OTLP JSON (`resourceSpans`). */
export function isSpanExport(document: unknown): boolean {
  if (isRecord(document)) return Array.isArray(document.resourceSpans);
  return (
    Array.isArray(document) &&
    isRecord(document[0]) &&
    isRecord(document[0].context) &&
    'span_kind' in document[0]
  );
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** OTLP's `[{key, value: {stringValue | intValue | doubleValue | boolValue}}]` as a plain object. */
function otlpAttributes(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!Array.isArray(list)) return out;
  for (const entry of list) {
    if (!isRecord(entry) || typeof entry.key !== 'string' || !isRecord(entry.value)) continue;
    const value = entry.value;
    out[entry.key] =
      value.stringValue ??
      value.doubleValue ??
      (value.intValue === undefined ? value.boolValue : Number(value.intValue));
  }
  return out;
}

function flatten(document: unknown): FlatSpan[] {
  if (Array.isArray(document)) {
    return document.filter(isRecord).map((span) => {
      const context = isRecord(span.context) ? span.context : {};
      return {
        traceId: String(context.trace_id ?? ''),
        spanId: String(context.span_id ?? ''),
        parentId: text(span.parent_id),
        kind: String(span.span_kind ?? ''),
        attributes: isRecord(span.attributes) ? span.attributes : {},
      };
    });
  }
  const spans: FlatSpan[] = [];
  const resources = isRecord(document) && Array.isArray(document.resourceSpans) ? document.resourceSpans : [];
  for (const resource of resources.filter(isRecord)) {
    for (const scope of (Array.isArray(resource.scopeSpans) ? resource.scopeSpans : []).filter(isRecord)) {
      for (const span of (Array.isArray(scope.spans) ? scope.spans : []).filter(isRecord)) {
        const attributes = otlpAttributes(span.attributes);
        spans.push({
          traceId: String(span.traceId ?? ''),
          spanId: String(span.spanId ?? ''),
          parentId: text(span.parentSpanId) || undefined,
          kind: String(attributes['openinference.span.kind'] ?? ''),
          attributes,
        });
      }
    }
  }
  return spans;
}

/**
 * A retriever span's documents, in rank order: OpenInference's flattened attributes
 * (`retrieval.documents.<i>.document.content|id|score`) or Phoenix's list form
 * (`retrieval.documents: [{"document.content", "document.id", "document.score"}]`).
 */
function documents(attributes: Record<string, unknown>, traceId: string): Passage[] {
  const listed = attributes['retrieval.documents'];
  const entries: Record<string, unknown>[] = Array.isArray(listed) ? listed.filter(isRecord) : [];
  if (entries.length === 0) {
    const flat = /^retrieval\.documents\.(\d+)\.(document\.\w+)$/;
    for (const [key, value] of Object.entries(attributes)) {
      const match = flat.exec(key);
      if (match === null) continue;
      const index = Number(match[1]);
      entries[index] = { ...(entries[index] ?? {}), [match[2] as string]: value };
    }
  }
  return entries
    .filter(
      (entry): entry is Record<string, unknown> =>
        entry !== undefined && typeof entry['document.content'] === 'string',
    )
    .map((entry, index) => ({
      id: entry['document.id'] === undefined ? `${traceId}#${index + 1}` : String(entry['document.id']),
      text: entry['document.content'] as string,
      ...(typeof entry['document.score'] === 'number' ? { score: entry['document.score'] } : {}),
    }));
}

/**
 * One ragseam row per trace: the question is the root span's `input.value` (else the retriever
 * span's), the logged response the root span's `output.value`, the passages the first retriever
 * span's documents. Traces without a question (no input.value) are left out.
 */
export function spanRows(document: unknown): { rows: Record<string, unknown>[] } {
  const traces = new Map<string, FlatSpan[]>();
  for (const span of flatten(document)) traces.set(span.traceId, [...(traces.get(span.traceId) ?? []), span]);
  const rows: Record<string, unknown>[] = [];
  for (const [traceId, spans] of traces) {
    const ids = new Set(spans.map((span) => span.spanId));
    const root = spans.find((span) => span.parentId === undefined || !ids.has(span.parentId));
    const retriever = spans.find((span) => span.kind.toUpperCase() === 'RETRIEVER');
    const question = text(root?.attributes['input.value']) ?? text(retriever?.attributes['input.value']);
    if (question === undefined || question.trim() === '') continue;
    const response = root === retriever ? undefined : text(root?.attributes['output.value']);
    rows.push({
      id: traceId,
      question,
      ...(retriever === undefined ? {} : { passages: documents(retriever.attributes, traceId) }),
      ...(response === undefined ? {} : { response }),
    });
  }
  return { rows };
}
