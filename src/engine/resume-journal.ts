import type { AuditOptions } from '../config/audit-options.js';
import type { Matcher } from '../metrics/matcher.js';
import { SCHEMA_VERSION } from '../model/report.js';
import type { ItemList } from '../model/types.js';
import { hasCorpus, isRemoteRetriever, type Retriever } from '../retrievers/types.js';
import { countJournaled, type JournalKey, journalKey, openJournal, type ResultJournal } from './journal.js';

/** What of the matcher decides its matches: its id, and its model's content when it has one. */
export function matcherKey(matcher: Matcher): string {
  return matcher.modelFingerprint === undefined ? matcher.id : `${matcher.id}#${matcher.modelFingerprint}`;
}

/** What a journal is keyed by besides the settings: the dataset, the providers and the matcher. */
interface JournalParts {
  readonly items: ItemList;
  readonly generator: { readonly id: string; readonly fingerprint: string };
  readonly retriever: Retriever;
  readonly match: string;
}

/** The run's journal key: every setting that changes a number, the providers and the dataset. */
export function runJournalKey(options: AuditOptions, parts: JournalParts): JournalKey {
  const { retriever } = parts;
  return journalKey({
    version: options.environment.version,
    schemaVersion: SCHEMA_VERSION,
    settings: { ...options.settings, match: parts.match, shard: options.source.shard ?? null },
    retriever: {
      id: retriever.id,
      ...(isRemoteRetriever(retriever)
        ? { fingerprint: retriever.fingerprint }
        : retriever.modelFingerprint === undefined
          ? {}
          : { fingerprint: retriever.modelFingerprint }),
      ...(hasCorpus(retriever) ? { corpus: retriever.indexKey } : {}),
    },
    items: parts.items,
    generator: parts.generator,
  });
}

/** The run's result journal, or undefined when results are not kept across runs (`--no-cache`, `--no-resume`). */
export function journalFor(options: AuditOptions, parts: JournalParts): ResultJournal | undefined {
  const { cacheDir, resume, cleanOutput } = options.environment;
  if (cacheDir === undefined || !resume) return undefined;
  return openJournal(cacheDir, runJournalKey(options, parts), parts.items, cleanOutput);
}

/** `--dry-run`: how many questions the newest journal of this run holds (whichever generator wrote it). */
export function journaledForDryRun(
  options: AuditOptions,
  parts: { items: ItemList; retriever: Retriever; match: string },
): number | undefined {
  const { cacheDir, resume } = options.environment;
  if (cacheDir === undefined || !resume) return undefined;
  const key = runJournalKey(options, { ...parts, generator: { id: '', fingerprint: '' } });
  return countJournaled(cacheDir, key.run, parts.items);
}

const day = (date: Date) => date.toISOString().slice(0, 16).replace('T', ' ');

/**
 * Says so when questions came from the journal: they are the results of a generator that may have
 * changed in a way its fingerprint cannot see, as for answers from the cache.
 */
export function noteJournalReuse(
  resumed: number,
  questions: number,
  journal: ResultJournal | undefined,
  written: { first: Date; last: Date } | undefined,
  notify: ((message: string) => void) | undefined,
): void {
  if (notify === undefined || journal === undefined || written === undefined || resumed === 0) return;
  notify(
    `${resumed} of ${questions} questions came from the result journal ${journal.file}, written ${day(written.first)} to ${day(written.last)} UTC; if the generator has changed since, run with --cache-salt <text> or --no-resume`,
  );
}
