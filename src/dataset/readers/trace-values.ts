import type { Passage } from '../../model/types.js';
import { isRecord } from '../passages.js';

const QUESTION_KEYS = ['question', 'query', 'input', 'user_input', 'query_str', 'prompt'];
const RESPONSE_KEYS = ['answer', 'output', 'result', 'response', 'text', 'content', 'generation'];

/** Trace tools store some values JSON-encoded (`"\"What is X?\""`); this undoes one level of it. */
export function decodeJsonText(value: unknown): unknown {
  if (typeof value !== 'string' || !/^\s*["[{]/.test(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

/** The text of the last message of `role` in a chat message list (`{role, content}` with string content). */
function lastMessage(value: unknown, roles: readonly string[]): string | undefined {
  if (!Array.isArray(value)) return undefined;
  for (let index = value.length - 1; index >= 0; index--) {
    const message = value[index];
    if (isRecord(message) && roles.includes(String(message.role ?? message.type)))
      return nonEmpty(message.content);
  }
  return undefined;
}

/**
 * The question in a logged input: the string itself, a chat's last user message, the first of
 * `question`, `query`, `input`, `user_input`, `query_str`, `prompt`, or `args[0]` (LlamaIndex).
 */
export function questionText(raw: unknown): string | undefined {
  const value = decodeJsonText(raw);
  if (typeof value === 'string') return nonEmpty(value);
  const fromChat = lastMessage(value, ['user', 'human']);
  if (fromChat !== undefined || !isRecord(value)) return fromChat;
  for (const key of QUESTION_KEYS) {
    const found = questionText(value[key]);
    if (found !== undefined) return found;
  }
  if (Array.isArray(value.args)) return nonEmpty(value.args[0]);
  return lastMessage(value.messages, ['user', 'human']);
}

/**
 * The answer in a logged output: the string itself, the first of `answer`, `output`, `result`,
 * `response`, `text`, `content`, `generation`, an assistant message, or a chat completion's
 * `choices[0].message.content`.
 */
export function responseText(raw: unknown): string | undefined {
  const value = decodeJsonText(raw);
  if (typeof value === 'string') return nonEmpty(value);
  const fromChat = lastMessage(value, ['assistant', 'ai']);
  if (fromChat !== undefined || !isRecord(value)) return fromChat;
  if ((value.role === 'assistant' || value.type === 'ai') && nonEmpty(value.content) !== undefined)
    return value.content as string;
  for (const key of RESPONSE_KEYS) {
    const found = responseText(value[key]);
    if (found !== undefined) return found;
  }
  const [choice] = Array.isArray(value.choices) ? value.choices : [];
  return isRecord(choice) ? responseText(choice.message ?? choice.text) : undefined;
}

function documentText(entry: Record<string, unknown>): string | undefined {
  const nested = isRecord(entry.document) ? entry.document : {};
  for (const text of [entry.page_content, entry.pageContent, entry.text, entry.content, nested.content])
    if (typeof text === 'string') return text;
  return undefined;
}

/**
 * Retrieved documents in rank order, from a retriever's logged output: a list, or `{documents}`.
 * A document is a string, or LangChain's `{page_content, metadata}` (also `pageContent`, `text`,
 * `content`). Its id is `id`, else `metadata.id` or `metadata.doc_id`, else `<traceId>#<rank>`;
 * its score `score` or `metadata.score`; its title `metadata.title`.
 */
export function retrievedDocuments(raw: unknown, traceId: string): Passage[] {
  const value = decodeJsonText(raw);
  const list = Array.isArray(value) ? value : isRecord(value) ? value.documents : undefined;
  if (!Array.isArray(list)) return [];
  const passages: Passage[] = [];
  for (const entry of list) {
    const fallbackId = `${traceId}#${passages.length + 1}`;
    if (typeof entry === 'string') {
      passages.push({ id: fallbackId, text: entry });
      continue;
    }
    if (!isRecord(entry)) continue;
    const text = documentText(entry);
    if (text === undefined) continue;
    const metadata = isRecord(entry.metadata) ? entry.metadata : {};
    const id = entry.id ?? metadata.id ?? metadata.doc_id;
    const score = entry.score ?? metadata.score;
    passages.push({
      id: typeof id === 'string' || typeof id === 'number' ? String(id) : fallbackId,
      ...(typeof metadata.title === 'string' ? { title: metadata.title } : {}),
      text,
      ...(typeof score === 'number' && Number.isFinite(score) ? { score } : {}),
    });
  }
  return passages;
}

/** One ragseam row of a trace: its id, question, the retriever's documents, the logged response, meta. */
export function traceRow(
  traceId: string,
  question: string,
  found: {
    documents?: unknown;
    hasRetriever: boolean;
    response: string | undefined;
    meta: Record<string, unknown>;
  },
): Record<string, unknown> {
  return {
    id: traceId,
    question,
    ...(found.hasRetriever ? { passages: retrievedDocuments(found.documents, traceId) } : {}),
    ...(found.response === undefined ? {} : { response: found.response }),
    ...(Object.keys(found.meta).length === 0 ? {} : { meta: found.meta }),
  };
}
