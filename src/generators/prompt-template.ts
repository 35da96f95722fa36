import { createHash } from 'node:crypto';
import { UsageError } from '../model/errors.js';
import type { GenerationRequest, GeneratorOptions } from './types.js';

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

/** A prompt as a generator sends it: an optional system message and the user message's template. */
export interface PromptParts {
  /** The same for every call; no placeholders. */
  readonly system?: string;
  /** The user message, with `{{passages}}` and `{{question}}`. */
  readonly template: string;
}

const SECTION = /^###[ \t]*(system|user)[ \t]*$/gim;

/**
 * Splits a template file into its system message and user template. A file may open with a
 * `### system` line (its first line that is not blank): the lines up to a `### user` line are the
 * system message, the rest the user template. Otherwise the whole file is the user template.
 */
export function splitPromptTemplate(text: string): PromptParts {
  const markers = [...text.matchAll(SECTION)];
  const first = markers[0];
  if (first?.[1]?.toLowerCase() !== 'system' || first.index !== text.search(/\S/)) return { template: text };
  const user = markers.find((marker) => marker[1]?.toLowerCase() === 'user');
  const systemStart = first.index + first[0].length;
  const system = text.slice(systemStart, user?.index ?? text.length).trim();
  const template =
    user === undefined ? '' : text.slice((user.index ?? 0) + user[0].length).replace(/^\r?\n/, '');
  return { ...(system === '' ? {} : { system }), template };
}

/**
 * The prompt a templated generator sends: the template file's parts (else `defaultTemplate`), with
 * `--system` replacing the file's system message. Checks both; `where` names the template.
 */
export function resolvePrompt(
  options: GeneratorOptions,
  defaultTemplate: string,
  where: string,
): PromptParts {
  const parts = splitPromptTemplate(options.template ?? defaultTemplate);
  checkPromptTemplate(parts.template, where);
  const system = options.system ?? parts.system;
  if (system !== undefined && /\{\{\s*[a-z_]+\s*\}\}/.test(system)) {
    throw new UsageError(`${where}: the system message may not hold placeholders`, {
      hint: 'the system message is the same for every call; put {{passages}} and {{question}} in the user part',
    });
  }
  return { ...(system === undefined || system === '' ? {} : { system }), template: parts.template };
}

/** The prompt as one text, for generators without a system role: the system message, a blank line, the rest. */
export function renderFlatPrompt(
  prompt: PromptParts,
  request: GenerationRequest,
  passageBlock: (request: GenerationRequest) => string = formatPassages,
): string {
  const user = renderPrompt(prompt.template, request, passageBlock);
  return prompt.system === undefined ? user : `${prompt.system}\n\n${user}`;
}

/** A short hash of a prompt for a fingerprint; without a system message, the template's own hash. */
export function promptHash(prompt: PromptParts): string {
  return templateHash(
    prompt.system === undefined ? prompt.template : `${prompt.system}\u0000${prompt.template}`,
  );
}
