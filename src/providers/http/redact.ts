/** Looks like an API key (OpenAI-style `sk-...`, also partly masked by a server's error message). */
const KEY_LIKE = /\bsk-[A-Za-z0-9_*.-]{6,}/g;
/** `scheme://user:password@` (or `scheme://token@`): the credentials part of a URL. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi;
/** A query parameter whose name says it holds a credential: `?api_key=`, `&token=`, `&sig=` ... */
const SECRET_QUERY =
  /([?&;](?:[^=&;\s"'<>#]*(?:key|token|sig|secret|password|passwd|auth|credential)[^=&;\s"'<>#]*)=)[^&;\s"'<>#]+/gi;

/** The forms a secret can take in a text: as is, inside a JSON string, URL-encoded. */
function secretForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  // A multi-line secret can be quoted one line at a time (an invalid header value, a log line).
  for (const line of secret.split(/[\r\n]+/)) if (line.length >= 8) forms.add(line);
  return [...forms].filter((form) => form.length >= 4).sort((a, b) => b.length - a.length);
}

/**
 * Removes secrets from a text that is about to be shown or stored: every exact secret value (also
 * JSON-escaped or URL-encoded), the credentials of any URL, query parameters named like a key,
 * token, signature or secret, and anything shaped like an API key (servers quote partly masked
 * keys in their error bodies).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    for (const form of secretForms(secret)) result = result.split(form).join('***');
  }
  // Each pattern needs a plain substring, found far faster than the pattern is run (a streamed
  // report of a million questions is gigabytes of text, cleaned a piece at a time).
  if (result.includes('://')) result = result.replace(URL_USERINFO, '$1***@');
  if (result.includes('=')) result = result.replace(SECRET_QUERY, '$1***');
  if (result.includes('sk-')) result = result.replace(KEY_LIKE, 'sk-***');
  return result;
}

/** A URL for messages and ids: no user name, password, query or fragment. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return redact(url.replace(/[?#].*$/, ''), []);
  }
}
