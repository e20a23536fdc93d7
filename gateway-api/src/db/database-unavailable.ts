// Whether a failed query means the database could not be reached or is not serving yet (stopped, crashed, restarting),
// rather than that the query or its data was wrong: a client may try again once it is back.
const UNREACHABLE_SOCKET_ERRORS: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH']);
// SQLSTATE class 08 (connection exception); 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now.
const SHUTTING_DOWN: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03']);
// What node-postgres itself says when the server went away mid-query or a pooled connection could not be made.
const DRIVER_MESSAGES = [/^Connection terminated/, /^timeout exceeded when trying to connect/];

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNREACHABLE_SOCKET_ERRORS.has(code) || SHUTTING_DOWN.has(code) || code.startsWith('08'))) return true;
  return DRIVER_MESSAGES.some((pattern) => pattern.test(error.message));
}
