/** What `--match` may name: lexical matching, or semantic matching with an embedding model. */
export type MatchSpec =
  | { readonly kind: 'contains' | 'exact' }
  | { readonly kind: 'semantic'; readonly model: string };

/** Why a `--match` value is refused; the flag, the config schema and the engine say the same. */
export const MATCH_SPEC_EXPECTED = 'expected contains, exact or semantic:<model folder or id>';

/** Parses a `--match` value; undefined when it is none of the forms. */
export function parseMatchSpec(text: string): MatchSpec | undefined {
  if (text === 'contains' || text === 'exact') return { kind: text };
  if (text.startsWith('semantic:') && text.length > 'semantic:'.length)
    return { kind: 'semantic', model: text.slice('semantic:'.length) };
  return undefined;
}
