/** Splits a provider spec "kind:argument" at the first colon; no colon means no argument. */
export function splitSpec(spec: string): { kind: string; argument: string } {
  const colon = spec.indexOf(':');
  return colon === -1 ? { kind: spec, argument: '' } : { kind: spec.slice(0, colon), argument: spec.slice(colon + 1) };
}
