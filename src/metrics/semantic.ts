import { isAbstention } from './abstention.js';
import type { Matcher } from './matcher.js';
import { normalizeAnswer } from './normalize.js';

/** Cosine similarity of two vectors (0 when either is zero). */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/**
 * Matching by meaning for long-form answers: two answers match when their normalised forms are
 * equal, or when the cosine similarity of their embeddings is at least `threshold`. Abstentions
 * match only abstentions, as in lexical matching. `embed` is called from `prepare` with every
 * answer not seen before; `match` is then synchronous.
 */
export function semanticMatcher(options: {
  id: string;
  /** The embedding model's content fingerprint. */
  modelFingerprint?: string;
  threshold: number;
  embed: (texts: readonly string[]) => Promise<Float32Array[]>;
  close?: () => Promise<void>;
}): Matcher {
  const vectors = new Map<string, Float32Array>();
  const vectorOf = (answer: string): Float32Array => {
    const vector = vectors.get(answer.trim());
    if (vector === undefined) throw new Error(`semantic matcher: "${answer}" was not prepared`);
    return vector;
  };
  return {
    id: `${options.id}@${options.threshold}`,
    ...(options.modelFingerprint === undefined ? {} : { modelFingerprint: options.modelFingerprint }),
    async prepare(answers) {
      const fresh = [...new Set(answers.map((answer) => answer.trim()))].filter(
        (answer) => !vectors.has(answer) && !isAbstention(answer),
      );
      if (fresh.length === 0) return;
      const embedded = await options.embed(fresh);
      fresh.forEach((answer, index) => {
        vectors.set(answer, embedded[index] as Float32Array);
      });
    },
    match(a, b) {
      const leftAbstains = isAbstention(a);
      const rightAbstains = isAbstention(b);
      if (leftAbstains || rightAbstains) return leftAbstains && rightAbstains;
      if (normalizeAnswer(a) === normalizeAnswer(b)) return true;
      return cosine(vectorOf(a), vectorOf(b)) >= options.threshold;
    },
    ...(options.close === undefined ? {} : { close: options.close }),
  };
}
