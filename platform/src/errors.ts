// What any failure says, whatever was thrown: a rejection or a `catch` holds `unknown`, not always an Error.

/** The message of an Error, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The stack of an Error (its message when it has none), or the thrown value as text: for a process's last words. */
export function errorStack(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
