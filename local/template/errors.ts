/** Errors raised while reading a template: each names the resource or property at fault. */
export class TemplateError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplateError';
  }
}

/** An intrinsic the local stack cannot resolve (e.g. `Fn::ImportValue` of another stack's output). */
export class UnresolvableIntrinsicError extends TemplateError {
  constructor(message: string) {
    super(message);
    this.name = 'UnresolvableIntrinsicError';
  }
}
