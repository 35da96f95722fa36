// Synthetic unit vectors with topic structure for the dense benchmarks: 100 topics × 100
// subtopics; a vector is its topic, 0.8 × its subtopic and noise of norm 1.5, normalised.
// Questions are made the same way and are not in the corpus. Seeded (11), so every run and every
// benchmark measures the same vectors; `npm run bench` builds dist first.
import { seededRandom } from '../dist/retrievers/dense/kmeans.js';
import { normalizeInPlace } from '../dist/retrievers/dense/vector-index.js';

/** `count` corpus rows (one Float32Array, row after row) and `questionCount` question vectors. */
export function syntheticVectors(count, dimension, questionCount) {
  const random = seededRandom(11);
  function unitNoise(scale) {
    const v = new Float32Array(dimension);
    let norm = 0;
    for (let i = 0; i < dimension; i++) {
      v[i] = random() * 2 - 1;
      norm += v[i] * v[i];
    }
    const factor = scale / Math.sqrt(norm);
    for (let i = 0; i < dimension; i++) v[i] *= factor;
    return v;
  }
  const topics = Array.from({ length: 100 }, () => unitNoise(1));
  const subtopics = Array.from({ length: 10_000 }, () => unitNoise(0.8));
  function sample(target, offset) {
    const sub = Math.floor(random() * subtopics.length);
    const topic = topics[Math.floor(sub / 100)];
    const noise = unitNoise(1.5);
    for (let i = 0; i < dimension; i++) target[offset + i] = topic[i] + subtopics[sub][i] + noise[i];
    normalizeInPlace(target.subarray(offset, offset + dimension));
  }
  const matrix = new Float32Array(count * dimension);
  for (let row = 0; row < count; row++) sample(matrix, row * dimension);
  const questions = Array.from({ length: questionCount }, () => {
    const q = new Float32Array(dimension);
    sample(q, 0);
    return q;
  });
  return { matrix, questions };
}
