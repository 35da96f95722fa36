/** Settings of the `openai:<model>` generator; the config file's "openai" block and flags fill it. */
export interface OpenAIOptions {
  /** API root, e.g. https://api.openai.com/v1 (default), http://localhost:8000/v1 (vLLM). */
  readonly baseUrl?: string | undefined;
  /** Environment variable holding the API key (default OPENAI_API_KEY). Never the key itself. */
  readonly apiKeyEnv?: string | undefined;
  /** Azure OpenAI `api-version`; setting it switches to Azure URLs and the `api-key` header. */
  readonly apiVersion?: string | undefined;
  /** Sampling temperature (default 0). */
  readonly temperature?: number | undefined;
  /** `max_tokens` of each answer (default 256). */
  readonly maxTokens?: number | undefined;
  /** Ask for token log-probabilities (default true; dropped when the server refuses them). */
  readonly logprobs?: boolean | undefined;
  /**
   * `chat` (default): chat completions, one user message. `completions`: the legacy completions
   * endpoint with the prompt as text, which can also score a given answer (`echo`).
   */
  readonly api?: 'chat' | 'completions' | undefined;
  /** Extra headers; values may name environment variables as `${NAME}`. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

export const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const OPENAI_DEFAULT_KEY_ENV = 'OPENAI_API_KEY';

/**
 * The chat-completions URL. OpenAI-compatible servers: `<base>/chat/completions`. Azure (an
 * `apiVersion` is set): a base that already names a deployment
 * (`https://r.openai.azure.com/openai/deployments/d`) gets `/chat/completions`; a resource root
 * (`https://r.openai.azure.com`) gets `/openai/deployments/<model>/chat/completions`; both get
 * `?api-version=`.
 */
export function chatCompletionsUrl(baseUrl: string, model: string, apiVersion: string | undefined): string {
  const base = baseUrl.replace(/\/+$/, '');
  if (apiVersion === undefined) return `${base}/chat/completions`;
  const root = /\/deployments\/[^/]+$/.test(base)
    ? base
    : `${base.replace(/\/openai$/, '')}/openai/deployments/${encodeURIComponent(model)}`;
  return `${root}/chat/completions?api-version=${encodeURIComponent(apiVersion)}`;
}
