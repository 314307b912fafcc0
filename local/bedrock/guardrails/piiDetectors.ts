/**
 * Built-in detectors for the PII entity types the local guardrail recognises, by pattern (AWS uses
 * ML models; these only find well-formed examples). Types without a detector here are accepted in a
 * definition and never detected (listed in docs/fake-bedrock.md). The patterns are the kit's own,
 * fixed and free of nested quantifiers, so they run in linear time.
 */
export const PII_DETECTORS: Record<string, RegExp> = {
  EMAIL: /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g,
  PHONE: /(?<![\d.])(?:\+\d{1,3}[ -]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?!\d)/g,
  US_SOCIAL_SECURITY_NUMBER: /(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)/g,
  CREDIT_DEBIT_CARD_NUMBER: /(?<!\d)(?:\d{4}[ -]?){3}\d{4}(?!\d)/g,
  IP_ADDRESS: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])/g,
  URL: /https?:\/\/[^\s"'<>]+/g,
  AWS_ACCESS_KEY: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/g,
  MAC_ADDRESS: /(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:])/g,
  // A name is recognised only after a cue ("my name is", "I am", "Mr./Ms./Dr."): capitalised words.
  NAME: /(?<=\b(?:[Mm]y name is|[Nn]ame:|I am|I'm|Mr\.|Mrs\.|Ms\.|Dr\.)\s)[A-Z][a-z]+(?: [A-Z][a-z]+)?/g,
  AGE: /(?<!\d)\d{1,3}(?= years? old)/g,
};

/** The matches of the built-in detector for `type`, in order (none for an unknown type). */
export function detectPii(type: string, text: string): string[] {
  const detector = PII_DETECTORS[type];
  if (!detector) return [];
  return [...text.matchAll(new RegExp(detector.source, detector.flags))].map((match) => match[0]).filter(Boolean);
}
