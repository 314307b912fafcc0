/**
 * Text clean-up by scanning, for the steps a regular expression would do in quadratic time
 * (a pattern like `/[ \t]+\n/g` or `/\s+$/` retries its blank run from every position of it).
 */

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/** The line without trailing spaces and tabs. */
export function trimTrailingBlanks(line: string): string {
  let end = line.length;
  while (end > 0 && isBlank(line.charCodeAt(end - 1))) end -= 1;
  return end === line.length ? line : line.slice(0, end);
}

/** Removes spaces and tabs that end a line (what `/[ \t]+\n/g → '\n'` does, in linear time). */
export function trimBlanksBeforeNewlines(text: string): string {
  return text.split('\n').map(trimTrailingBlanks).join('\n');
}
