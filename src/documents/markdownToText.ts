/**
 * Markdown to plain text for the model: markup goes, the words stay (link and image text, code,
 * table cells, list items).
 */
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
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(raw)) continue; // horizontal rule
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(raw)) continue; // table separator
    let line = raw
      .replace(/^\s{0,3}#{1,6}\s+/, '') // headings
      .replace(/\s+#+\s*$/, '')
      .replace(/^\s*(>\s?)+/, '') // blockquotes
      .replace(/^\s*([-*+]|\d+[.)])\s+(\[[ xX]\]\s+)?/, '') // list markers and task boxes
      .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1') // images → alt text
      .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1') // links → text
      .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1') // reference links
      .replace(/<[^>]+>/g, '') // inline HTML
      .replace(/`([^`]+)`/g, '$1') // inline code
      .replace(/(\*\*|__)(.+?)\1/g, '$2') // bold
      .replace(/(\*|_)(?=\S)(.+?)(?<=\S)\1/g, '$2') // italics
      .replace(/~~(.+?)~~/g, '$1'); // strikethrough
    if (/^\s*\[[^\]]+\]:\s*\S+/.test(line)) continue; // link reference definitions
    if (line.includes('|')) line = line.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').map((c) => c.trim()).join('  ');
    lines.push(line.trimEnd());
  }
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}
