/**
 * Markdown to plain text for the model: markup goes, the words stay (link and image text, code,
 * table cells, list items).
 *
 * Every step runs in time linear in the line's length: no pattern here can backtrack over a run of
 * characters it has already scanned (character classes exclude the characters that open or close
 * the next match, and trailing markup is removed by scanning, not by `\s+…$` patterns), so a
 * crafted document costs what its size says.
 */
import { trimTrailingBlanks } from './textScan.js';

export function markdownToText(markdown: string): string {
  const lines: string[] = [];
  let inFence = false;
  for (const raw of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      lines.push(raw);
      continue;
    }
    if (isHorizontalRule(raw) || isTableSeparator(raw)) continue;
    let line = stripClosingHashes(raw.replace(/^\s{0,3}#{1,6}\s+/, '')) // headings
      .replace(/^\s*(>\s?)+/, '') // blockquotes
      .replace(/^\s*([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?/, '') // list markers and task boxes
      .replace(/!\[([^[\]]*)\]\([^()]*\)/g, '$1') // images → alt text
      .replace(/\[([^[\]]+)\]\([^()]*\)/g, '$1') // links → text
      .replace(/\[([^[\]]+)\]\[[^[\]]*\]/g, '$1') // reference links
      .replace(/<[^<>]+>/g, '') // inline HTML
      .replace(/`([^`]+)`/g, '$1') // inline code
      .replace(/\*\*([^*]+)\*\*/g, '$1') // bold
      .replace(/__([^_]+)__/g, '$1')
      .replace(/\*([^*\s][^*]*)\*/g, '$1') // italics
      .replace(/_([^_\s][^_]*)_/g, '$1')
      .replace(/~~([^~]+)~~/g, '$1'); // strikethrough
    if (/^\s*\[[^\]]+\]:\s*\S/.test(line)) continue; // link reference definitions
    if (line.includes('|')) line = line.replace(/^\s*\|/, '').split('|').map((c) => c.trim()).join('  ').trim();
    lines.push(trimTrailingBlanks(line));
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** `---`, `* * *`, `___`: three or more of the same mark, blanks between them allowed. */
function isHorizontalRule(line: string): boolean {
  const marks = line.replace(/[ \t]/g, '');
  return marks.length >= 3 && /^(-+|\*+|_+)$/.test(marks);
}

/** `| --- | :-: |`: every cell is dashes with optional alignment colons. */
function isTableSeparator(line: string): boolean {
  let body = line.trim();
  if (body.startsWith('|')) body = body.slice(1);
  if (body.endsWith('|')) body = body.slice(0, -1);
  if (body === '') return false;
  return body.split('|').every((cell) => /^:?-{3,}:?$/.test(cell.trim()));
}

/** `## Title ##` → `## Title`: a closing run of `#` preceded by a blank goes. */
function stripClosingHashes(line: string): string {
  const trimmed = trimTrailingBlanks(line);
  let end = trimmed.length;
  while (end > 0 && trimmed[end - 1] === '#') end -= 1;
  if (end === trimmed.length) return line;
  if (end === 0) return '';
  const before = trimmed[end - 1];
  return before === ' ' || before === '\t' ? trimTrailingBlanks(trimmed.slice(0, end)) : line;
}
