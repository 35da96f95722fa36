import type { Passage } from '../model/types.js';
import type { Replacement } from './value-forms.js';

/** What stands between two answer forms side by side: "and", "or", "&", a comma, ";", "/" or "(". */
const BETWEEN = '(?:(?:\\s*,)?\\s+(?:and|or|&)\\s+|\\s*[,;/]\\s*|\\s*\\(\\s*)';
/** The whole of a gap between two occurrences is {@link BETWEEN}. */
const WHOLE_GAP = new RegExp(`^${BETWEEN}$`, 'iu');
/** More occurrences than this in one text: the pattern itself decides (the pairs would cost more). */
const MAX_OCCURRENCES = 16;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** "X and X", "X, X", "X or X", "X (X)", "X / X": two answer forms put side by side, once replaced, say one thing twice. */
function repeatPattern(text: string): RegExp {
  const escaped = escapeRegExp(text);
  return new RegExp(`(?<![\\p{L}\\p{N}])(${escaped})${BETWEEN}${escaped}(?![\\p{L}\\p{N}])(\\s*\\))?`, 'giu');
}

/**
 * Whether {@link repeatPattern} may match `text`: some two occurrences of `find` (found as the
 * pattern finds them, case-insensitively) with only {@link BETWEEN} between them. A match needs
 * that, so when this is false the pattern matches nothing. It exists because the pattern, with
 * its Unicode letter classes, costs far more to compile for every substitute than this to run.
 */
function mayRepeat(find: RegExp, text: string): boolean {
  const spans: [number, number][] = [];
  find.lastIndex = 0;
  for (let match = find.exec(text); match !== null; match = find.exec(text)) {
    if (spans.length === MAX_OCCURRENCES) return true;
    spans.push([match.index, match.index + match[0].length]);
    // Overlapping occurrences too: the next search starts one character (code point) later.
    find.lastIndex = match.index + ((text.codePointAt(match.index) as number) > 0xffff ? 2 : 1);
  }
  return spans.some(([, end], i) =>
    spans.slice(i + 1).some(([start]) => start >= end && WHOLE_GAP.test(text.slice(end, start))),
  );
}

/**
 * Collapses each replacement text standing twice in a row into one ("Allison Janney and Allison
 * Janney" -> "Allison Janney"): gold aliases listed side by side all become the same substitute.
 */
export function collapseRepeats(
  passages: readonly Passage[],
  replacements: readonly Replacement[],
): Passage[] {
  const repeats = [...new Set(replacements.map(({ replace }) => replace))]
    .filter((text) => /[\p{L}\p{N}]/u.test(text))
    .map((text) => {
      let pattern: RegExp | undefined;
      return {
        find: new RegExp(escapeRegExp(text), 'giu'),
        pattern: () => (pattern ??= repeatPattern(text)),
      };
    });
  const collapse = (text: string) => {
    let current = text;
    for (const { find, pattern } of repeats) {
      if (!mayRepeat(find, current)) continue;
      let previous: string;
      do {
        previous = current;
        // A closing parenthesis belongs to the collapsed "X (X)" only when one was opened.
        current = current.replace(pattern(), (found, first: string, close: string | undefined) =>
          close !== undefined && !found.includes('(') ? `${first}${close}` : first,
        );
      } while (current !== previous);
    }
    return current;
  };
  return passages.map((passage) => ({
    ...passage,
    text: collapse(passage.text),
    ...(passage.title === undefined ? {} : { title: collapse(passage.title) }),
  }));
}
