import { type Command, InvalidArgumentError, Option } from 'commander';
import { AUDIT_DEFAULTS } from '../config/audit-options.js';
import { MATCH_SPEC_EXPECTED, parseMatchSpec } from '../config/match-spec.js';
import { INPUT_FORMATS } from '../dataset/readers/formats.js';
import { GATE_BASES } from '../model/gates.js';
import { PROBE_NAMES } from '../model/types.js';
import { FORMAT_HELP, STDOUT_FORMATS } from './io.js';
import { collect, integerIn, numberIn, oneOf, positive } from './parse.js';

/** commander parser for `--match`: the same check as the config file's and the engine's. */
export function matchFlag(text: string): string {
  if (parseMatchSpec(text) === undefined) throw new InvalidArgumentError(MATCH_SPEC_EXPECTED);
  return text;
}

// biome-ignore lint/suspicious/noTemplateCurlyInString: ${VAR} is the literal syntax users write
const HEADER_HELP = "'Name: value', ${VAR} read from the environment (repeatable)";

/**
 * Adds the flags of `probe` (scope `probe`) or of `inspect` (scope `inspect`: no shards, gates,
 * early stop, dry run or report files), in the groups `--help` shows.
 */
export function addProbeFlags(command: Command, scope: 'probe' | 'inspect' = 'probe'): void {
  const d = AUDIT_DEFAULTS;
  command
    .optionsGroup('Generator and retriever:')
    .option(
      '-g, --generator <spec>',
      'generator to audit: exec:"python3 reader.py" | openai:<model> | http:<url> | transformers:<model>',
    )
    .option(
      '-r, --retriever <spec>',
      'where passages come from: dataset | bm25:<corpus.jsonl> | http:<url> | dense:<model>[?exact] (with --corpus)',
      d.retriever,
    )
    .option('-k, --top-k <n>', 'passages per question', integerIn(1, 1000), d.topK)
    .option('--corpus <file>', 'corpus JSON Lines for --retriever dense:<model> ({"id", "title"?, "text"})')
    .option(
      '--template <file>',
      'prompt template file with {{passages}} and {{question}}, and an optional "### system" section (docs/providers.md)',
    )
    .option('--system <text>', "a system message before the prompt (replaces the template file's own)")
    .optionsGroup('Inputs:')
    .option(
      '--input-format <format>',
      `dataset rows: ${INPUT_FORMATS.join(' | ')}`,
      oneOf(INPUT_FORMATS),
      d.inputFormat,
    )
    .option(
      '--config <file>',
      'config file (default: $RAGSEAM_CONFIG, else ragseam.config.json here or in a parent folder)',
    )
    .optionsGroup('Probes and scores:')
    .option('--probes <list>', 'comma-separated probes to run', PROBE_NAMES.join(','))
    .option('--seed <n>', 'seed for every random choice and the bootstrap', integerIn(0), d.seed)
    .option('--match <mode>', 'answer matching: contains | exact | semantic:<model>', matchFlag, d.match)
    .option(
      '--semantic-threshold <cosine>',
      'cosine similarity at or above which --match semantic:<model> says two answers match',
      numberIn(-1, 1),
      d.semanticThreshold,
    )
    .option(
      '--resamples <n>',
      'bootstrap resamples for the 95% intervals',
      integerIn(1, 1_000_000),
      d.resamples,
    )
    .option(
      '--attribute',
      'find which retrieved sentences each answer depends on (random sentence ablations, a LASSO fit)',
    )
    .option(
      '--attribution-samples <n>',
      `with --attribute: random ablations per question (plus a quarter more held out) (default: ${d.attributionSamples})`,
      integerIn(4, 4096),
    )
    .option(
      '--effect-sizes',
      'score the baseline answer under every probe: how far P(answer) moves (default: transformers: only)',
    )
    .option('--no-effect-sizes', 'do not score the baseline answer under the probes');
  if (scope === 'probe') addRunFlags(command);
  addProviderFlags(command);
}

/** Flags only a whole-dataset run has: shards, gates, early stop, the dry run, report files. */
function addRunFlags(command: Command): void {
  const d = AUDIT_DEFAULTS;
  command
    .addOption(
      new Option(
        '--shard <i/n>',
        'probe only slice i of n (by a hash of the question id); combine with ragseam merge',
      ),
    )
    .option(
      '--dry-run',
      'count the generator calls (and prompt tokens) the run would make, without making them',
    )
    .option(
      '--price-per-1k <usd>',
      'with --dry-run: US dollars per 1000 prompt tokens, to show the cost',
      positive,
    )
    .optionsGroup('Gates:')
    .option(
      '--fail-under <gates>',
      'exit 1 when reliance is below X, or per metric: reliance=0.7,adoption=0.5',
    )
    .option(
      '--max <gates>',
      'exit 1 when a metric is above its limit, e.g. instability=0.1,deadPassageRate=0.5',
    )
    .option(
      '--gate-on <basis>',
      'what gates check: point | lower-bound (the conservative end of the 95% CI)',
      oneOf(GATE_BASES),
      d.gateOn,
    )
    .option('--early-stop', 'probe questions in a seeded random order and stop once every gate is decided')
    .option(
      '--early-stop-alpha <a>',
      'chance the early decision differs from the full run’s (see docs/gates.md)',
      numberIn(0.0001, 0.5),
      d.earlyStopAlpha,
    )
    .option(
      '--early-stop-batch <n>',
      'questions added per look (default: max(2 x concurrency, 5% of the dataset))',
      integerIn(1),
    )
    .option(
      '--max-error-rate <share>',
      'exit 3 when more than this share of calls failed',
      numberIn(0, 1),
      d.maxErrorRate,
    )
    .optionsGroup('Outputs:')
    .option('-o, --out <file>', 'write the JSON report to this file (- for stdout, instead of the table)')
    .option('--format <format>', FORMAT_HELP, oneOf(STDOUT_FORMATS))
    .option('--junit <file>', 'also write JUnit XML: a test case per question and per gate')
    .option('--markdown <file>', 'also write a Markdown summary (for $GITHUB_STEP_SUMMARY or a PR comment)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option(
      '--baseline <report>',
      'a previous JSON report to compare with in the Markdown summary and the HTML report',
    );
}

/** How the providers are called, the caches, the HTTP and local-model settings. */
function addProviderFlags(command: Command): void {
  const d = AUDIT_DEFAULTS;
  command
    .optionsGroup('Network and retries:')
    .option('--concurrency <n>', 'generator calls in flight at once', integerIn(1, 1024), d.concurrency)
    .option('--timeout-ms <ms>', 'per-call timeout', integerIn(1), d.timeoutMs)
    .option('--retries <n>', 'retries of a failed call', integerIn(0, 20), d.retries)
    .option(
      '--backoff-ms <ms>',
      'first retry wait; doubles per retry, with jitter, at least Retry-After',
      integerIn(0),
      d.backoffMs,
    )
    .option(
      '--follow-redirects',
      'follow HTTP redirects that stay on the same origin and keep the method (307, 308)',
    )
    .option('--rate-limit <rpm>', 'at most this many requests per minute to each endpoint', positive)
    .option(
      '--max-consecutive-failures <n>',
      'stop (exit 3) after this many failed calls in a row',
      integerIn(1),
      d.maxConsecutiveFailures,
    )
    .optionsGroup('Cache:')
    .option('--cache <dir>', 'answer cache directory (default: $RAGSEAM_CACHE_DIR or the user cache dir)')
    .option('--no-cache', 'keep answers in memory only (and keep no result journal)')
    .option(
      '--no-resume',
      'run every question again, answering from the cache, instead of reading back the results an identical earlier run journaled',
    )
    .optionsGroup('OpenAI-compatible and HTTP providers:')
    .option('--base-url <url>', 'OpenAI-compatible API root (default: $OPENAI_BASE_URL, else the OpenAI API)')
    .option('--api-key-env <name>', 'environment variable holding the API key (default: OPENAI_API_KEY)')
    .option(
      '--api-version <version>',
      'Azure OpenAI api-version (switches to Azure URLs and the api-key header)',
    )
    .option('--no-logprobs', 'do not ask the server for token log-probabilities')
    .option('--http-body <file>', 'JSON request body template for --generator http:<url>')
    .option(
      '--http-answer-path <path>',
      'JSON path of the answer in the http generator response (default: answer)',
    )
    .option('--http-header <header>', `for the http generator: ${HEADER_HELP}`, collect)
    .option('--retriever-body <file>', 'JSON request body template for --retriever http:<url>')
    .option(
      '--retriever-passages-path <path>',
      'JSON path of the passage list in the http retriever response (default: passages)',
    )
    .option('--retriever-header <header>', `for the http retriever: ${HEADER_HELP}`, collect)
    .optionsGroup('Local models:')
    .option('--offline', 'never download a model; a hub id must already be in the model cache')
    .option(
      '--max-new-tokens <n>',
      'generated tokens at most (transformers generators)',
      integerIn(1, 4096),
      d.maxNewTokens,
    )
    .option(
      '--batch-size <n>',
      'prompts per model call (transformers generators)',
      integerIn(1, 1024),
      d.batchSize,
    )
    .option('--max-line-bytes <n>', 'longest line an exec generator may write', integerIn(1024, 2 ** 30))
    .option('--cache-salt <text>', 'any text: a different salt gives the run a cache of its own')

    .optionsGroup('Other:')
    .option('--debug', "show the generator's diagnostics (exec stderr, local batches) and stack traces");
}

/** The `probe` flags that are not audit settings: outputs and the dry run. */
export interface OutputFlags {
  readonly out?: string;
  readonly format?: 'table' | 'json';
  readonly junit?: string;
  readonly markdown?: string;
  readonly html?: string;
  readonly baseline?: string;
  readonly dryRun?: boolean;
  readonly pricePer1k?: number;
  readonly debug?: boolean;
  readonly config?: string;
}
