/** Settings of the `http:<url>` retriever; the config file's "http.retriever" block and flags fill it. */
export interface HttpRetrieverOptions {
  /** JSON request body with placeholders `{{question}}`, `{{top_k}}` and `{{id}}` (the question id). */
  readonly body?: unknown;
  /** JSON path of the passage list in the response (default `passages`). */
  readonly passagesPath?: string | undefined;
  /** JSON paths inside each passage (defaults `text`, `id`, `title`, `score`); a passage may also be a plain string. */
  readonly textField?: string | undefined;
  readonly idField?: string | undefined;
  readonly titleField?: string | undefined;
  readonly scoreField?: string | undefined;
  /** Request headers; values may name environment variables as `${NAME}`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export const HTTP_RETRIEVER_DEFAULT_BODY = { query: '{{question}}', top_k: '{{top_k}}' } as const;
