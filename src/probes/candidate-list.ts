import type { AnswerType, TypeEvidence } from './answer-type.js';

/** Another question's answer, typed, as a candidate substitute. */
export interface SubstituteCandidate {
  readonly id: string;
  readonly answer: string;
  readonly type: AnswerType;
  /** Whether the type rests on the answer or its passages, or only on its question's wh-form. */
  readonly evidence: TypeEvidence;
  /** Its question's wh-word ("who", "where", ...; "" for none): sorts `other` answers by what was asked. */
  readonly asks: string;
}

/** Candidates by position, read like an array (`length`, `at`). */
export interface CandidateList {
  readonly length: number;
  at(index: number): SubstituteCandidate | undefined;
}

const WH_WORDS = ['', 'who', 'whom', 'whose', 'where', 'when', 'what', 'which', 'why', 'how'] as const;

/**
 * The candidates of one type, packed: ids and answers as UTF-8 in one buffer, their ends and the
 * evidence and wh-word as small numbers. A million questions' candidates take about 40 MB instead
 * of a million objects; each is built again when a search visits it.
 */
export function packedCandidates(type: AnswerType): CandidateList & {
  push(candidate: Omit<SubstituteCandidate, 'type'>): void;
} {
  let text = Buffer.allocUnsafe(1 << 12);
  let used = 0;
  // Per candidate: where its id ends (its answer starts) and where its answer ends.
  let ends = new Uint32Array(256);
  let codes = new Uint8Array(128);
  let length = 0;
  const write = (value: string) => {
    const bytes = Buffer.byteLength(value, 'utf8');
    if (used + bytes > text.length) {
      const larger = Buffer.allocUnsafe(Math.max(text.length * 2, used + bytes));
      text.copy(larger, 0, 0, used);
      text = larger;
    }
    used += text.write(value, used, 'utf8');
    return used;
  };
  return {
    get length() {
      return length;
    },
    push({ id, answer, evidence, asks }) {
      if (2 * length + 2 > ends.length) {
        const larger = new Uint32Array(ends.length * 2);
        larger.set(ends);
        ends = larger;
        const moreCodes = new Uint8Array(codes.length * 2);
        moreCodes.set(codes);
        codes = moreCodes;
      }
      ends[2 * length] = write(id);
      ends[2 * length + 1] = write(answer);
      const wh = WH_WORDS.indexOf(asks as (typeof WH_WORDS)[number]);
      codes[length] = (evidence === 'own' ? 1 : 0) | (Math.max(wh, 0) << 1);
      length++;
    },
    at(index) {
      if (index < 0 || index >= length) return undefined;
      const start = index === 0 ? 0 : (ends[2 * index - 1] as number);
      const idEnd = ends[2 * index] as number;
      const code = codes[index] as number;
      return {
        id: text.toString('utf8', start, idEnd),
        answer: text.toString('utf8', idEnd, ends[2 * index + 1]),
        type,
        evidence: (code & 1) === 1 ? 'own' : 'question',
        asks: WH_WORDS[code >> 1] ?? '',
      };
    },
  };
}
