import { UsageError } from '../model/errors.js';

/** Splits a provider spec "kind:argument" at the first colon; no colon means no argument. */
export function splitSpec(spec: string): { kind: string; argument: string } {
  const colon = spec.indexOf(':');
  return colon === -1
    ? { kind: spec, argument: '' }
    : { kind: spec.slice(0, colon), argument: spec.slice(colon + 1) };
}

/**
 * Looks a provider kind up by exact name in a registry, or throws a usage error that lists the
 * valid kinds. `flag` names the option for the message (e.g. "--generator").
 */
export function lookupKind<T>(
  registry: Readonly<Record<string, T>>,
  spec: string,
  flag: string,
  example: string,
): { factory: T; argument: string; kind: string } {
  const { kind, argument } = splitSpec(spec);
  if (!Object.hasOwn(registry, kind)) {
    throw new UsageError(`unknown ${flag.replace(/^--/, '')} kind "${kind}" in ${flag} ${spec}`, {
      hint: `valid kinds: ${Object.keys(registry).join(', ')} (written kind:argument, e.g. ${example})`,
    });
  }
  return { factory: registry[kind] as T, argument, kind };
}
