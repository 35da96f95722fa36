import type { GenerationRequest, PromptPassage } from '../../generators/types.js';
import { sha256 } from './jsonl-lines.js';

/**
 * Content-addressed keys of the calls of one generator. A key is the SHA-256 of the call's kind,
 * the generator's id and fingerprint, the question, a digest of each passage in order, and what
 * else the call depends on (the sample index, the answer scored). Each passage is digested once
 * per run, not once per call: a question's passages recur in most of its probes' prompts.
 */
export function requestKeys(
  kind: string,
  generator: { readonly id: string; readonly fingerprint: string },
): (request: GenerationRequest, suffix: string) => string {
  const digests = new WeakMap<PromptPassage, string>();
  const digest = (passage: PromptPassage) => {
    let known = digests.get(passage);
    if (known === undefined) {
      known = sha256(JSON.stringify([passage.id, passage.title ?? null, passage.text])).slice(0, 32);
      digests.set(passage, known);
    }
    return known;
  };
  let fingerprint: string | undefined;
  let owner = '';
  return (request, suffix) => {
    // The fingerprint can change once (an exec generator's identity, announced at start-up).
    if (generator.fingerprint !== fingerprint) {
      fingerprint = generator.fingerprint;
      owner = JSON.stringify([kind, generator.id, fingerprint]);
    }
    // JSON text holds no raw newline and digests are hex, so the parts cannot run into each other.
    let text = `${owner}\n${JSON.stringify(request.question)}\n`;
    for (const passage of request.passages) text += `${digest(passage)} `;
    return sha256(`${text}\n${suffix}`);
  };
}
