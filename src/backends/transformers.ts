/**
 * The one module that loads @huggingface/transformers (and through it onnxruntime-node). It is
 * imported lazily, inside the factories that need a local model, so `ragseam --help` and runs
 * with other providers never load the runtime.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { ProviderError, UsageError } from '../model/errors.js';

/** Where a model comes from: a local folder, or a Hugging Face id (downloaded on first use). */
export interface ModelLocation {
  /** What the library is given: an absolute folder path or the hub id. */
  readonly name: string;
  readonly local: boolean;
  /** A content fingerprint (local folders) or the id itself, for cache keys. */
  readonly fingerprint: string;
  /** The folder holding config.json, once known. */
  readonly folder: string | undefined;
}

export interface LoadOptions {
  /** Forbid downloads. */
  readonly offline: boolean;
  /** Where downloaded models are kept; defaults to the library's own cache. */
  readonly modelCacheDir?: string;
}

function fileHash(hash: ReturnType<typeof createHash>, file: string): void {
  if (existsSync(file) && statSync(file).isFile())
    hash.update(file.split('/').slice(-2).join('/')).update(readFileSync(file));
}

/** A short hash of the files that decide a local model's outputs. */
function folderFingerprint(folder: string): string {
  const hash = createHash('sha256');
  for (const name of [
    'config.json',
    'generation_config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'modules.json',
    '1_Pooling/config.json',
    'onnx/model.onnx',
  ]) {
    fileHash(hash, join(folder, name));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * Resolves `<model>` of `transformers:<model>`, `dense:<model>` or `semantic:<model>`: an existing
 * folder is used as it is; anything else is a hub id, which `--offline` allows only when it is
 * already in the model cache.
 */
export function locateModel(model: string, options: LoadOptions): ModelLocation {
  const folder = resolve(model);
  if (existsSync(folder) && statSync(folder).isDirectory()) {
    if (!existsSync(join(folder, 'config.json'))) {
      throw new UsageError(`${model}: not a model folder (no config.json)`, {
        hint: 'a local model folder holds config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx',
      });
    }
    return { name: folder, local: true, fingerprint: folderFingerprint(folder), folder };
  }
  const looksLikePath = model.startsWith('.') || model.startsWith('/') || model.split('/').length > 2;
  if (looksLikePath) throw new UsageError(`${model}: no such model folder`);
  const cached = options.modelCacheDir === undefined ? undefined : join(options.modelCacheDir, model);
  if (options.offline && (cached === undefined || !existsSync(join(cached, 'config.json')))) {
    throw new UsageError(
      `--offline: the model "${model}" is not in the local model cache (${cached ?? 'no cache directory'})`,
      {
        hint: 'run once without --offline on a machine with a network to download it, or pass a local model folder',
      },
    );
  }
  return {
    name: model,
    local: false,
    fingerprint: model,
    folder: cached !== undefined && existsSync(cached) ? cached : undefined,
  };
}

type TransformersModule = typeof import('@huggingface/transformers');

/** The command that installs the optional local-model stack next to ragseam. */
export const TRANSFORMERS_INSTALL = 'npm install --save-dev @huggingface/transformers';

/**
 * Imports the library (an optional peer dependency: an OpenAI-only user never installs it) and
 * applies the download policy.
 */
export async function loadLibrary(options: LoadOptions): Promise<TransformersModule> {
  let library: TransformersModule;
  try {
    library = await import('@huggingface/transformers');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (
      code !== 'ERR_MODULE_NOT_FOUND' ||
      !String((error as Error).message).includes('@huggingface/transformers')
    )
      throw error;
    throw new UsageError(
      'local models (transformers:, dense:, semantic:) need @huggingface/transformers, which is not installed',
      {
        hint: `install it beside ragseam: ${TRANSFORMERS_INSTALL}`,
      },
    );
  }
  library.env.allowRemoteModels = !options.offline;
  library.env.allowLocalModels = true;
  if (options.modelCacheDir !== undefined) library.env.cacheDir = options.modelCacheDir;
  library.env.logLevel = library.LogLevel.ERROR;
  return library;
}

/**
 * Makes onnxruntime input tensors (what an `InferenceSession` of a loaded model takes) through the
 * library, which owns the runtime.
 */
export function runtimeTensor(library: TransformersModule) {
  return (type: 'int64' | 'float32', data: BigInt64Array | Float32Array, dims: number[]): unknown =>
    (new library.Tensor(type, data, dims) as unknown as { ort_tensor: unknown }).ort_tensor;
}

/**
 * onnxruntime session options for a generator: one intra-op thread per core this process may use,
 * whose idle threads sleep instead of spinning. Left to itself, onnxruntime chose one thread on the
 * 2-core machine measured; two threads that spin doubled the CPU time and were up to 3x slower
 * when other processes shared the cores; two that sleep were 1.5-1.8x faster than one at equal CPU
 * time (docs/performance.md). Measured on 2 cores only.
 */
export function generatorSessionOptions() {
  return {
    intraOpNumThreads: availableParallelism(),
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  };
}

/** The pipeline options every load uses; `sessionOptions` go to onnxruntime. */
export function pipelineOptions(
  location: ModelLocation,
  options: LoadOptions,
  sessionOptions?: Record<string, unknown>,
) {
  return {
    dtype: 'fp32' as const,
    local_files_only: location.local || options.offline,
    ...(options.modelCacheDir === undefined ? {} : { cache_dir: options.modelCacheDir }),
    ...(sessionOptions === undefined ? {} : { session_options: sessionOptions }),
  };
}

/** Reads a JSON file of a model folder, or undefined when it is absent. */
export function readModelJson(location: ModelLocation, file: string): Record<string, unknown> | undefined {
  if (location.folder === undefined) return undefined;
  const path = join(location.folder, file);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

/** Wraps a library failure as a provider error naming the model. */
export function modelError(
  model: string,
  error: unknown,
  loading?: { location: ModelLocation; options: LoadOptions },
): ProviderError {
  const message = error instanceof Error ? error.message : String(error);
  if (loading !== undefined && !loading.location.local && isNetworkFailure(error)) {
    const folder =
      loading.options.modelCacheDir === undefined
        ? 'no model cache directory'
        : join(loading.options.modelCacheDir, loading.location.name);
    return new ProviderError(`${model}: no network and not in the local cache (${folder})`, {
      fatal: true,
      hint: 'download it once on a machine with a network (the same command), or pass a local model folder',
      cause: error,
    });
  }
  return new ProviderError(`${model}: ${message}`, {
    fatal: true,
    hint: 'check that the folder is a transformers.js export (config.json, tokenizer.json, onnx/model.onnx)',
    cause: error,
  });
}

/** A download that failed because the hub could not be reached (fetch's own failure, DNS, refused). */
function isNetworkFailure(error: unknown): boolean {
  const text = `${error instanceof Error ? error.message : String(error)} ${String((error as { cause?: { code?: unknown } })?.cause?.code ?? '')}`;
  return /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|ETIMEDOUT/.test(text);
}
