/** Settings of the `http:<url>` generator; the config file's "http.generator" block and flags fill it. */
export interface HttpGeneratorOptions {
  /**
   * JSON request body with placeholders `{{question}}`, `{{passages}}` (the passage list
   * `[{id, title, text}]` as a whole value, the numbered passage text inside a longer string),
   * `{{top_k}}` (how many passages this call carries) and `{{prompt}}` (the prompt template filled in).
   */
  readonly body?: unknown;
  /** JSON path of the answer in the response (default `answer`). */
  readonly answerPath?: string | undefined;
  /** JSON path of a list of token log-probabilities in the response, if it has one. */
  readonly logprobsPath?: string | undefined;
  /** Request headers; values may name environment variables as `${NAME}`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export const HTTP_GENERATOR_DEFAULT_BODY = { question: '{{question}}', passages: '{{passages}}' } as const;
export const HTTP_GENERATOR_DEFAULT_ANSWER_PATH = 'answer';
