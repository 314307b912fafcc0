/**
 * Recognising AWS SDK errors by their service error code (`error.name`), which survives bundling
 * and duplicated package copies, unlike `instanceof`.
 */

/** True when `error` is an AWS SDK service error with the given code, e.g. `ThrottlingException`. */
export function isAwsError(error: unknown, code: string): boolean {
  return error instanceof Error && error.name === code;
}

/** The AWS error code (`error.name`) of an error, or `undefined` for a non-error value. */
export function awsErrorCode(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
