import { envVariablesIn } from '../providers/http/env-template.js';
import { redact } from '../providers/http/redact.js';

/** Environment variable names that say their value is a credential. */
const SECRET_NAME = /key|token|secret|passw|credential|auth|sig|cookie|session/i;
/** Shorter values of such variables are too likely to be ordinary words to scrub everywhere. */
const MIN_GUESSED_SECRET = 8;
/**
 * Control characters a terminal acts on: C0 but tab and newline, DEL, C1, and the line/paragraph
 * separators. Colour sequences (`ESC [ digits m`) are kept: ragseam's own colour uses them and
 * they cannot move the cursor, clear the screen or write the clipboard.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point
const CONTROL = /\u001b\[[0-9;]*m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g;
/** Whether a text holds any character {@link CONTROL} acts on (a colour sequence starts with ESC). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding these characters is the point
const ANY_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/;
/** `@name` as GitHub and GitLab read a mention (also `@org/team`). */
const MENTION = /(^|[^\w`])@(?=[A-Za-z0-9])/g;

/**
 * The one step every output of the process passes through (stdout, stderr, report files): secrets
 * are redacted, then control characters are written as visible `\u001b` escapes. The secrets
 * are the values of environment variables named like credentials, plus those a command adds (the
 * API key variable and every `${NAME}` its settings refer to).
 */
export class OutputGuard {
  private readonly secrets = new Set<string>();

  constructor(private readonly env: Readonly<Record<string, string | undefined>>) {
    for (const [name, value] of Object.entries(env)) {
      if (value !== undefined && value.length >= MIN_GUESSED_SECRET && SECRET_NAME.test(name)) {
        this.secrets.add(value);
      }
    }
  }

  /** Adds the values of these environment variables to what is redacted. */
  addSecretVariables(names: Iterable<string>): void {
    for (const name of names) {
      const value = this.env[name];
      if (value !== undefined && value !== '') this.secrets.add(value);
    }
  }

  /** Adds the values of every `${NAME}` found in the strings of a settings object. */
  addSecretsReferencedIn(settings: unknown): void {
    const pending: unknown[] = [settings];
    while (pending.length > 0) {
      const value = pending.pop();
      if (typeof value === 'string') this.addSecretVariables(envVariablesIn(value));
      else if (typeof value === 'object' && value !== null) {
        for (const element of Object.values(value)) pending.push(element);
      }
    }
  }

  /** Text as it may leave the process: redacted, control characters made visible. */
  clean(text: string): string {
    return escapeControls(redact(text, [...this.secrets]));
  }

  /** A Markdown file's text: as {@link clean}, and no `@name` turned into a mention. */
  cleanMarkdown(text: string): string {
    return this.clean(text).replace(MENTION, '$1@\u200b');
  }
}

/**
 * Text that has passed {@link OutputGuard.clean} already (a streamed report's questions, cleaned
 * when they were spilled): report writers pass it on as it is, so it is cleaned once, not twice.
 */
export class GuardedText {
  /** Text, or UTF-8 bytes (which may end or start inside a character: decode them in order). */
  constructor(readonly text: string | Uint8Array) {}
}

/** Writes control characters as `\uXXXX` text (valid inside a JSON string, inert on a terminal). */
export function escapeControls(text: string): string {
  // Testing for one character class is faster than running the pattern with its alternation.
  if (!ANY_CONTROL.test(text)) return text;
  return text.replace(CONTROL, (found) =>
    found.length > 1 ? found : `\\u${found.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
