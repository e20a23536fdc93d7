// Where the session's bearer token is kept: in this tab's sessionStorage, so that closing the tab of a
// shared station workstation ends the person's access there, and a reload does not sign them out.
const KEY = 'plasma-trace.session';

export interface StoredSession {
  readonly token: string;
  readonly expiresAt: string;
}

export const tokenStore = {
  read(): StoredSession | undefined {
    try {
      const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as StoredSession | null;
      return stored && Date.parse(stored.expiresAt) > Date.now() ? stored : undefined;
    } catch {
      return undefined;
    }
  },
  write(session: StoredSession): void {
    sessionStorage.setItem(KEY, JSON.stringify(session));
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
