import { createHash } from 'node:crypto';
import { UsageError } from '../model/errors.js';
import type { GenerationRequest } from './types.js';

/**
 * The prompt that HTTP generators (openai, and http's `{{prompt}}`) send by default: the numbered
 * passages, then the question. docs/providers.md documents it; `--template <file>` replaces it.
 * Placeholders: `{{passages}}` (the numbered passage block) and `{{question}}`.
 */
export const DEFAULT_PROMPT_TEMPLATE = `Answer the question using the passages below. Reply with the answer only, in as few words as possible. If the passages do not contain the answer, answer from what you know.

Passages:
{{passages}}

Question: {{question}}
Answer:`;

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;
const KNOWN = new Set(['passages', 'question']);

/** What `{{passages}}` becomes when a probe removed every passage. */
export const NO_PASSAGES = '(no passages)';

/** Checks a template's placeholders; an unknown one is a usage error naming it. */
export function checkPromptTemplate(template: string, where: string): void {
  for (const match of template.matchAll(PLACEHOLDER)) {
    if (!KNOWN.has(match[1] as string)) {
      throw new UsageError(`${where}: unknown placeholder {{${match[1]}}} in the prompt template`, {
        hint: 'a prompt template may use {{passages}} and {{question}}',
      });
    }
  }
  if (!/\{\{\s*question\s*\}\}/.test(template)) {
    throw new UsageError(`${where}: the prompt template has no {{question}} placeholder`);
  }
}

/** The numbered passage block: `[1] Title\ntext`, one blank line between passages. */
export function formatPassages(request: GenerationRequest): string {
  if (request.passages.length === 0) return NO_PASSAGES;
  return request.passages
    .map(
      (passage, index) =>
        `[${index + 1}] ${passage.title === undefined ? '' : `${passage.title}\n`}${passage.text}`,
    )
    .join('\n\n');
}

/**
 * The compact passage block local models use: one line per passage, `[1] Title: text`, each
 * ending in a newline; empty when there are no passages.
 */
export function formatPassageLines(request: GenerationRequest): string {
  return request.passages
    .map(
      (passage, index) =>
        `[${index + 1}] ${passage.title === undefined ? '' : `${passage.title}: `}${passage.text}\n`,
    )
    .join('');
}

/** Fills a template for one request; `passageBlock` renders `{{passages}}`. */
export function renderPrompt(
  template: string,
  request: GenerationRequest,
  passageBlock: (request: GenerationRequest) => string = formatPassages,
): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (name === 'passages') return passageBlock(request);
    if (name === 'question') return request.question;
    return whole;
  });
}

/** A short hash of a template for a generator's fingerprint. */
export function templateHash(template: string): string {
  return createHash('sha256').update(template).digest('hex').slice(0, 16);
}
