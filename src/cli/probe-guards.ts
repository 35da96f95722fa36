import type { AuditOptions } from '../config/audit-options.js';
import type { LoadedConfig } from '../config/config-file.js';
import { OPENAI_DEFAULT_BASE_URL, OPENAI_DEFAULT_KEY_ENV } from '../generators/openai/options.js';
import { displayUrl } from '../providers/http/redact.js';
import type { CliIO } from './io.js';
import { refuseInputAsOutput } from './output-file.js';
import type { OutputFlags } from './probe-flags.js';

/** The file a `kind:<file>` retriever spec reads (bm25), if any. */
function retrieverFile(spec: string): string | undefined {
  const match = /^bm25:(.+)$/.exec(spec);
  return match?.[1];
}

/**
 * What `probe` checks before it runs: the secrets its settings refer to join the output guard,
 * no report path names an input, and a config file that sends the API key to another endpoint
 * says so once on stderr.
 */
export function guardProbe(io: CliIO, options: AuditOptions, loaded: LoadedConfig, flags: OutputFlags): void {
  const { generatorOptions, retrieverOptions } = options.providers;
  const { env: _generatorEnv, ...generatorSettings } = generatorOptions;
  const { env: _retrieverEnv, ...retrieverSettings } = retrieverOptions;
  io.guard.addSecretVariables([generatorOptions.openai?.apiKeyEnv ?? OPENAI_DEFAULT_KEY_ENV]);
  io.guard.addSecretsReferencedIn([generatorSettings, retrieverSettings, options.providers.retriever]);
  refuseInputAsOutput(
    { '--out': flags.out, '--junit': flags.junit, '--markdown': flags.markdown, '--html': flags.html },
    {
      dataset: options.source.rows === undefined ? options.source.dataset : undefined,
      corpus: options.providers.corpus ?? retrieverFile(options.providers.retriever),
      'config file': loaded.file,
      baseline: flags.baseline,
      'prompt template': generatorOptions.templateFile,
    },
  );
  const fileBaseUrl = loaded.config.openai?.baseUrl;
  const generator = options.providers.generator;
  if (
    fileBaseUrl !== undefined &&
    fileBaseUrl.replace(/\/+$/, '') !== OPENAI_DEFAULT_BASE_URL &&
    typeof generator === 'string' &&
    generator.startsWith('openai:') &&
    generatorOptions.openai?.baseUrl === fileBaseUrl
  ) {
    const keyEnv = generatorOptions.openai.apiKeyEnv ?? OPENAI_DEFAULT_KEY_ENV;
    io.stderr.write(
      `note: ${loaded.file} sets openai.baseUrl: the API key ($${keyEnv}) is sent to ${displayUrl(fileBaseUrl)}\n`,
    );
  }
}
