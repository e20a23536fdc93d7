// Failures a client can branch on: each has a stable code, shared by the services and the GraphQL layer
// (which puts it in `extensions.code`). Anything else is unexpected and reaches clients masked.
import { normaliseDinKey, ValidationError as ChaincodeValidationError } from '@plasma/chaincode';

export const ErrorCode = {
  Validation: 'VALIDATION',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  Unauthenticated: 'UNAUTHENTICATED',
  LedgerUnavailable: 'LEDGER_UNAVAILABLE',
  /**
   * The outcome is not known yet (the transaction went to the orderers; or a repeated request's first transaction is not
   * on the organisation's peer yet): ask transactionStatus about details.transactionId where given, or repeat under the
   * same clientRequestId.
   */
  Pending: 'PENDING',
  /** The organisation's PostgreSQL cannot be reached or is restarting: try again shortly. */
  DatabaseUnavailable: 'DATABASE_UNAVAILABLE',
  RateLimited: 'RATE_LIMITED',
  /** The person's password was chosen by their admin: changePassword first. */
  PasswordChangeRequired: 'PASSWORD_CHANGE_REQUIRED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface GatewayErrorDetails {
  /** For VALIDATION: the input field that breaks a rule, as the client named it. */
  readonly field?: string;
  /** For RATE_LIMITED: when to try again. */
  readonly retryAfterSeconds?: number;
  /** For failures on the ledger: the transaction concerned. */
  readonly transactionId?: string;
}

export class GatewayError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: GatewayErrorDetails = {},
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

/** Input breaks a rule: the message is "<field>: <rule>", like the chaincode's. */
export const validationError = (field: string, rule: string): GatewayError =>
  new GatewayError(ErrorCode.Validation, `${field}: ${rule}`, { field });

/** `value`, a whole number from `min` to `max`; otherwise VALIDATION of `field`, naming the range. */
export function wholeNumberIn(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw validationError(field, `must be a whole number from ${min} to ${max}`);
  return value;
}

/** The ledger key of a DIN a client gave, with or without its check character; the chaincode's rule broken, as VALIDATION of `field`. */
export function dinKeyOf(din: string, field: string): string {
  try {
    return normaliseDinKey(din);
  } catch (error) {
    if (error instanceof ChaincodeValidationError) throw validationError(field, error.rule);
    throw error;
  }
}
