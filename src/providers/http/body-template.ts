import { UsageError } from '../../model/errors.js';

/** What a request body template's placeholders stand for. */
export interface BodyValues {
  readonly question?: string;
  /** `{{passages}}` as a whole JSON string value: this array. */
  readonly passages?: readonly unknown[];
  /** `{{passages}}` inside a longer string: this text. */
  readonly passagesText?: string;
  readonly top_k?: number;
  readonly prompt?: string;
  /** The question id (retrievers). */
  readonly id?: string;
}

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;
const WHOLE = /^\{\{\s*([a-z_]+)\s*\}\}$/;

function walkStrings(value: unknown, visit: (text: string) => void): void {
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const element of value) walkStrings(element, visit);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, element] of Object.entries(value)) {
      visit(key);
      walkStrings(element, visit);
    }
  }
}

/** Checks that a template only uses `allowed` placeholders; `where` names it in the message. */
export function checkBodyTemplate(template: unknown, allowed: readonly string[], where: string): void {
  walkStrings(template, (text) => {
    for (const match of text.matchAll(PLACEHOLDER)) {
      if (!allowed.includes(match[1] as string)) {
        throw new UsageError(`${where}: unknown placeholder {{${match[1]}}}`, {
          hint: `placeholders here: ${allowed.map((name) => `{{${name}}}`).join(', ')}`,
        });
      }
    }
  });
}

function whole(name: string, values: BodyValues): unknown {
  if (name === 'passages') return values.passages;
  if (name === 'question_json') return inline(name, values);
  if (name === 'top_k') return values.top_k;
  return values[name as 'question' | 'prompt' | 'id'];
}

function inline(name: string, values: BodyValues): string {
  if (name === 'passages') return values.passagesText ?? '';
  // The question as a quoted, escaped string literal (JSON's, which GraphQL shares), for query
  // languages written inside a JSON string, such as Weaviate's GraphQL.
  if (name === 'question_json') return JSON.stringify(values.question ?? '');
  const value = whole(name, values);
  return value === undefined ? '' : String(value);
}

/**
 * Fills a JSON request body template. A string that is exactly one placeholder becomes the
 * value itself (`"{{passages}}"` an array, `"{{top_k}}"` a number); placeholders inside longer
 * strings are replaced by text. Working on the parsed JSON keeps the result valid JSON whatever
 * the question or passages contain.
 */
export function renderBody(template: unknown, values: BodyValues): unknown {
  if (typeof template === 'string') {
    const single = WHOLE.exec(template);
    if (single !== null) return whole(single[1] as string, values) ?? null;
    return template.replace(PLACEHOLDER, (_, name: string) => inline(name, values));
  }
  if (Array.isArray(template)) return template.map((element) => renderBody(element, values));
  if (typeof template === 'object' && template !== null) {
    return Object.fromEntries(
      Object.entries(template).map(([key, element]) => [key, renderBody(element, values)]),
    );
  }
  return template;
}
