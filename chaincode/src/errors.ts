// Errors a client can branch on: each has a stable `code`, and its message starts with that code.

export const ErrorCode = {
  Validation: 'VALIDATION',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  /** A request the caller's clientRequestId names was answered already (access/client-request.ts). */
  Answered: 'ANSWERED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

// Fabric hands only the message to the client, so the code leads it: "<CODE>: ...".
export abstract class ChaincodeError extends Error {
  protected constructor(
    readonly code: ErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
    this.name = new.target.name;
  }
}

/** Input breaks a rule; the message names both: "VALIDATION: <field>: <rule>". */
export class ValidationError extends ChaincodeError {
  constructor(
    readonly field: string,
    readonly rule: string,
  ) {
    super(ErrorCode.Validation, `${field}: ${rule}`);
  }
}

/** The caller's role or organisation may not do this; the message says what is required. */
export class ForbiddenError extends ChaincodeError {
  constructor(reason: string) {
    super(ErrorCode.Forbidden, reason);
  }
}

export class NotFoundError extends ChaincodeError {
  constructor(what: string) {
    super(ErrorCode.NotFound, what);
  }
}

/** The ledger already holds what the caller tries to create. */
export class ConflictError extends ChaincodeError {
  constructor(what: string) {
    super(ErrorCode.Conflict, what);
  }
}

/**
 * A repeat of a request already answered: "ANSWERED: <transaction id> <detail>". Its answer is the first transaction's,
 * which its block holds; the gateway reads it from there (a copy kept in world state would be kept for ever).
 */
export class AnsweredError extends ChaincodeError {
  constructor(
    readonly transactionId: string,
    detail: string,
  ) {
    super(ErrorCode.Answered, `${transactionId} ${detail}`);
  }
}
