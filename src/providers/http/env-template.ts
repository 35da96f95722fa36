import { UsageError } from '../../model/errors.js';

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Names of the `${NAME}` environment variables a text refers to. */
export function envVariablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((match) => match[1] as string);
}

/**
 * Replaces each `${NAME}` with the value of environment variable NAME, so that secrets (tokens in
 * headers or URLs) come from the environment and the text written in flags or config stays
 * printable. A variable that is not set is a usage error naming it (never its value).
 */
export function interpolateEnv(
  text: string,
  env: Readonly<Record<string, string | undefined>>,
  where: string,
): string {
  return text.replace(VARIABLE, (_, name: string) => {
    const value = env[name];
    if (value === undefined || value === '') {
      throw new UsageError(`${where}: environment variable ${name} is not set`, {
        hint: `export ${name}=... before running ragseam`,
      });
    }
    return value;
  });
}

/** The values of the variables a text refers to, so messages can be scrubbed of them. */
export function secretsIn(text: string, env: Readonly<Record<string, string | undefined>>): string[] {
  return envVariablesIn(text).flatMap((name) => {
    const value = env[name];
    return value === undefined || value === '' ? [] : [value];
  });
}
