/** Looks like an API key (OpenAI-style `sk-...`, also partly masked by a server's error message). */
const KEY_LIKE = /\bsk-[A-Za-z0-9_*.-]{6,}/g;

/**
 * Removes secrets from a text that is about to be shown or stored: every exact secret value, and
 * anything shaped like an API key (servers quote partly masked keys in their error bodies).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('***');
  }
  return result.replace(KEY_LIKE, 'sk-***');
}

/** A URL for messages and ids: no user name, password, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return url.replace(/[?#].*$/, '');
  }
}
