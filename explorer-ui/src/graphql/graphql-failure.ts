// A failure the gateway answered with: its stable `extensions.code` (VALIDATION, FORBIDDEN, UNAUTHENTICATED,
// NOT_FOUND, CONFLICT, ...) and, for VALIDATION, the input field it is about, so forms put it beside the field.
export class GraphQLFailure extends Error {
  override readonly name = 'GraphQLFailure';
  readonly code: string;
  readonly field: string | undefined;

  constructor(message: string, code: string, field?: string) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

interface WireError {
  readonly message?: unknown;
  readonly extensions?: { readonly code?: unknown; readonly field?: unknown };
}

/** The first error of an answer's `errors`, as a GraphQLFailure. */
export function failureOf(errors: readonly WireError[]): GraphQLFailure {
  const [first] = errors;
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'ERROR';
  const field = typeof first?.extensions?.field === 'string' ? first.extensions.field : undefined;
  return new GraphQLFailure(typeof first?.message === 'string' ? first.message : 'The gateway refused the request.', code, field);
}

/** Whatever was thrown, as something to show a person. */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
