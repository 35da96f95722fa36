import { describe, expect, it } from 'vitest';
import { readCachedIvf, writeCachedIvf } from '../../src/retrievers/dense/ivf-cache.js';
import {
  buildIvfIndex,
  defaultListCount,
  defaultProbeCount,
  searchIvfIndex,
} from '../../src/retrievers/dense/ivf-index.js';
import { seededRandom } from '../../src/retrievers/dense/kmeans.js';
import { parseDenseArgument } from '../../src/retrievers/dense/options.js';
import { TopRows } from '../../src/retrievers/dense/top-rows.js';
import {
  normalizeInPlace,
  searchVectorIndex,
  type VectorIndex,
} from '../../src/retrievers/dense/vector-index.js';
import { tempDir } from '../helpers/cli.js';

/** Unit vectors around `clusters` random centres, seeded; every 40th row repeats an earlier one (ties). */
function clustered(count: number, dimension: number, clusters: number, seed = 5): VectorIndex {
  const random = seededRandom(seed);
  const centres = Array.from({ length: clusters }, () =>
    Array.from({ length: dimension }, () => random() - 0.5),
  );
  const matrix = new Float32Array(count * dimension);
  for (let row = 0; row < count; row++) {
    const target = matrix.subarray(row * dimension, (row + 1) * dimension);
    if (row % 40 === 39) target.set(matrix.subarray((row - 9) * dimension, (row - 8) * dimension));
    else {
      const centre = centres[Math.floor(random() * clusters)] as number[];
      for (let i = 0; i < dimension; i++) target[i] = (centre[i] as number) + 0.3 * (random() - 0.5);
      normalizeInPlace(target);
    }
  }
  return { count, dimension, matrix };
}

function question(index: VectorIndex, row: number): Float32Array {
  // A corpus row nudged, so some questions sit exactly between duplicates and others do not.
  const q = Float32Array.from(index.matrix.subarray(row * index.dimension, (row + 1) * index.dimension));
  q[0] = (q[0] as number) + 0.01 * (row % 3);
  return normalizeInPlace(q);
}

describe('dense IVF index', () => {
  it('equals exact search, rows and scores, when every list is scanned', () => {
    const index = clustered(1500, 24, 12);
    const ivf = buildIvfIndex(index, 16);
    expect(ivf.listStarts.length - 1).toBe(16);
    expect([...ivf.members].sort((a, b) => a - b)).toEqual([...Array(1500).keys()]);
    for (let row = 0; row < 1500; row += 37) {
      for (const topK of [1, 5, 10, 30]) {
        const q = question(index, row);
        expect(searchIvfIndex(ivf, index, q, topK, 16), `row ${row} @${topK}`).toEqual(
          searchVectorIndex(index, q, topK),
        );
      }
    }
  });

  it('finds at least 95% of the exact top 10 with the default lists and a sixteenth of them scanned', () => {
    const index = clustered(6000, 32, 40, 9);
    const ivf = buildIvfIndex(index, defaultListCount(index.count));
    let found = 0;
    let asked = 0;
    for (let row = 3; row < 6000; row += 60) {
      const q = question(index, row);
      const truth = new Set(searchVectorIndex(index, q, 10).map((hit) => hit.row));
      found += searchIvfIndex(ivf, index, q, 10, 5).filter((hit) => truth.has(hit.row)).length;
      asked += 10;
    }
    expect(found / asked).toBeGreaterThanOrEqual(0.95);
  });

  it('builds the same index from the same vectors (seeded), and reads back what it wrote', () => {
    const index = clustered(800, 8, 5);
    const ivf = buildIvfIndex(index, 9);
    expect(buildIvfIndex(index, 9)).toEqual(ivf);
    const dir = tempDir();
    writeCachedIvf(dir, 'k', ivf);
    expect(readCachedIvf(dir, 'k', 9, 800, 8)).toEqual(ivf);
    // Another list count, another key or other sizes are never read as this index.
    expect(readCachedIvf(dir, 'k', 16, 800, 8)).toBeUndefined();
    expect(readCachedIvf(dir, 'other', 9, 800, 8)).toBeUndefined();
    expect(readCachedIvf(dir, 'k', 9, 801, 8)).toBeUndefined();
  });

  it('picks about √n lists and enough probes for about 8,000 vectors, at least 8', () => {
    const cases: [number, number, number][] = [
      // rows, lists, probes
      [1, 1, 1],
      [20_000, 144, 58],
      [100_000, 324, 26],
      [1_000_000, 1024, 8],
      [20_000_000, 4489, 8],
    ];
    for (const [rows, lists, probes] of cases) {
      expect(defaultListCount(rows), `${rows}`).toBe(lists);
      expect(defaultProbeCount(lists, rows), `${rows}`).toBe(probes);
    }
  });

  it('keeps the best rows, higher score first and ties to the earlier row, in any order offered', () => {
    const cases: [number, [number, number][], [number, number][]][] = [
      [0, [[1, 0.5]], []],
      [2, [], []],
      [
        2,
        [
          [5, 0.5],
          [3, 0.5],
          [4, 0.9],
          [1, 0.1],
        ],
        [
          [4, 0.9],
          [3, 0.5],
        ],
      ],
      [
        3,
        [
          [9, 0.2],
          [2, 0.2],
          [7, 0.2],
          [1, 0.2],
        ],
        [
          [1, 0.2],
          [2, 0.2],
          [7, 0.2],
        ],
      ],
      [
        5,
        [
          [1, -1],
          [0, 0],
        ],
        [
          [0, 0],
          [1, -1],
        ],
      ],
    ];
    for (const [size, offered, expected] of cases) {
      const top = new TopRows(size);
      for (const [row, score] of offered) top.offer(row, score);
      expect(top.sorted()).toEqual(expected.map(([row, score]) => ({ row, score })));
    }
  });
});

describe('dense: options', () => {
  it('reads the model and ?exact, ?lists and ?probes', () => {
    expect(parseDenseArgument('models/e5')).toEqual({ model: 'models/e5', exact: false });
    expect(parseDenseArgument('models/e5?exact')).toEqual({ model: 'models/e5', exact: true });
    expect(parseDenseArgument('org/model?lists=64&probes=4')).toEqual({
      model: 'org/model',
      exact: false,
      lists: 64,
      probes: 4,
    });
  });

  it('rejects unknown options, bad numbers and exact with lists, naming the option', () => {
    expect(() => parseDenseArgument('m?fast')).toThrow('unknown option "fast"');
    expect(() => parseDenseArgument('m?lists=0')).toThrow('"lists" must be a positive integer (got "0")');
    expect(() => parseDenseArgument('m?probes=2.5')).toThrow('"probes" must be a positive integer');
    expect(() => parseDenseArgument('m?exact&lists=4')).toThrow('"exact" takes no lists or probes');
    expect(() => parseDenseArgument('?exact')).toThrow('needs a model');
  });
});
