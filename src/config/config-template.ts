/**
 * The commented starting file `ragseam init` writes. Comments are allowed in ragseam.config.json;
 * every key is optional and checked (a misspelt key is an error). Flags override these values and
 * environment variables (RAGSEAM_*, OPENAI_BASE_URL, OPENAI_API_VERSION) override the file.
 */
export const STARTER_CONFIG = `// ragseam configuration. Comments are allowed; every key is optional; unknown keys are errors.
// Precedence: command-line flags > environment variables > this file > built-in defaults.
// Secrets never go here: name the environment variable that holds them (apiKeyEnv, \${NAME} in headers).
{
  "probe": {
    // What to audit: openai:<model> | http:<url> | exec:"<command line>"
    "generator": "openai:gpt-4o-mini",
    // Where passages come from: dataset (the rows' own passages) | bm25:<corpus.jsonl> | http:<url>
    "retriever": "dataset",
    "topK": 5,
    "probes": ["remove", "swap", "corrupt", "leave-one-out", "shuffle", "distractor", "solo", "gold"],
    "seed": 0,
    // Dataset rows: auto | ragseam | ragas | ragchecker
    "inputFormat": "auto",
    // Network behaviour: calls in flight, per-call timeout, retries with backoff (doubling, jittered,
    // at least the server's Retry-After), requests per minute per endpoint, and the early stop.
    "concurrency": 4,
    "timeoutMs": 60000,
    "retries": 2,
    "backoffMs": 250,
    // "rateLimit": 600,
    "maxConsecutiveFailures": 20
    // "template": "prompt.txt"      // prompt template file, relative to this file
    // "cache": ".ragseam-cache"     // answer cache folder, relative to this file; false for none
  },
  "openai": {
    // API root; OPENAI_BASE_URL overrides it. vLLM: http://localhost:8000/v1, Ollama: http://localhost:11434/v1
    "baseUrl": "https://api.openai.com/v1",
    // The environment variable holding the key (the key itself never goes in this file).
    "apiKeyEnv": "OPENAI_API_KEY",
    // "apiVersion": "2024-06-01",   // Azure OpenAI: switches to deployment URLs and the api-key header
    "temperature": 0,
    "maxTokens": 256,
    "logprobs": true
  },
  "http": {
    // --generator http:<url>: the request body ({{question}}, {{passages}}, {{top_k}}, {{prompt}})
    // and where the answer is in the response.
    "generator": {
      "body": { "question": "{{question}}", "passages": "{{passages}}" },
      "answerPath": "answer",
      "headers": { "Authorization": "Bearer \${MY_SERVICE_TOKEN}" }
    },
    // --retriever http:<url>: the request body ({{question}}, {{top_k}}, {{id}}) and where the
    // passages and their fields are in the response.
    "retriever": {
      "body": { "query": "{{question}}", "top_k": "{{top_k}}" },
      "passagesPath": "passages",
      "textField": "text",
      "idField": "id",
      "titleField": "title",
      "scoreField": "score"
    }
  }
}
`;

/**
 * The starting file with `$schema` pointing at the JSON Schema the package ships, so an editor
 * completes and checks the keys; `schemaPath` is relative to the config file's folder.
 */
export function starterConfig(schemaPath: string): string {
  return STARTER_CONFIG.replace('\n{\n', `\n{\n  "$schema": ${JSON.stringify(schemaPath)},\n`);
}
