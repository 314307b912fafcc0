/** Case-insensitive whole-word/phrase search, linear in the text (no user regex involved). */

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The phrase's occurrences in `text` (as written in `text`), matched on word boundaries. */
export function findPhrase(text: string, phrase: string): string[] {
  const trimmed = phrase.trim();
  if (!trimmed) return [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escape(trimmed).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}])`, 'giu');
  return [...text.matchAll(pattern)].map((match) => match[0]);
}

/** Whether `text` contains `phrase` on word boundaries. */
export function containsPhrase(text: string, phrase: string): boolean {
  return findPhrase(text, phrase).length > 0;
}

/** Lower-case words of at least `minLength` letters. */
export function words(text: string, minLength = 1): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length >= minLength);
}
