/**
 * The 1-based line where each element of a JSON document's row array starts: the top-level array,
 * or the array under the top-level object key `key`. The text must already be valid JSON.
 */
export function arrayElementLines(text: string, key?: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let inString = false;
  let stringText = '';
  let lastString = '';
  let currentKey: string | undefined;
  let targetDepth = -1;
  let expectValue = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '\n') line++;
    if (inString) {
      if (char === '\\') {
        stringText += text[i + 1] ?? '';
        i++;
      } else if (char === '"') {
        inString = false;
        lastString = stringText;
      } else stringText += char;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (depth === targetDepth && expectValue && char !== ']') {
      lines.push(line);
      expectValue = false;
    }
    if (char === '"') {
      inString = true;
      stringText = '';
    } else if (char === ':' && depth === 1) {
      currentKey = lastString;
    } else if (char === ',' && depth === targetDepth) {
      expectValue = true;
    } else if (char === '[' || char === '{') {
      const opensTarget =
        char === '[' &&
        targetDepth === -1 &&
        (key === undefined ? depth === 0 : depth === 1 && currentKey === key);
      depth++;
      if (opensTarget) {
        targetDepth = depth;
        expectValue = true;
      }
    } else if (char === ']' || char === '}') {
      if (depth === targetDepth) targetDepth = -2;
      depth--;
    }
  }
  return lines;
}
