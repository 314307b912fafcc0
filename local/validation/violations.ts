/**
 * One broken constraint, and the message AWS's JSON-protocol services (Coral) answer for a list of
 * them: `1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: Member
 * must …` and `2 validation errors detected: …; …`. Paths name members by their wire names and
 * count list positions from 1 (`messages.1.member.content`); a sensitive member's value is left
 * out (`Value at 'input' failed …`), as AWS does for members it must not echo.
 */
export interface Violation {
  /** `messages.1.member.content` */
  path: string;
  /** The value found (undefined for a missing member). */
  value: unknown;
  /** Whether the value must not be echoed (a `sensitive` shape or member). */
  sensitive: boolean;
  /** `Member must have length less than or equal to 80` */
  constraint: string;
}

/** AWS's text for a list of violations (at least one). */
export function describeViolations(violations: readonly Violation[]): string {
  const count = violations.length;
  const head = `${count} validation error${count === 1 ? '' : 's'} detected: `;
  return head + violations.map(describeViolation).join('; ');
}

export function describeViolation(violation: Violation): string {
  return `Value${formatValue(violation)} at '${violation.path}' failed to satisfy constraint: ${violation.constraint}`;
}

function formatValue({ value, sensitive }: Violation): string {
  if (value === undefined || value === null) return ' null';
  if (sensitive) return '';
  return ` '${javaString(value)}'`;
}

/** Roughly Java's `toString` of the deserialised value, which is what Coral prints. */
function javaString(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, item]) => `${key}=${javaString(item)}`).join(', ')}}`;
  }
  return String(value);
}
