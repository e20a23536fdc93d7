// The signed-in session: who the person is, signing in and out, and ending the session when the gateway
// says it expired. Pages ask `useSession()` for the person and for what they may do.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { graphqlClient, type GraphQLClient } from '../graphql/client';
import { CHANGE_PASSWORD, LOGIN, LOGOUT, ME, type Person } from './person';
import { may, type Transaction } from './permissions';
import { tokenStore, type StoredSession } from './token-store';
import { signDeviceApproval } from '../signing/device-key';
import { approvedDevice, deviceForSigning, type AwaitingApproval, type SigningDevice } from '../signing/this-device';

export interface SessionValue {
  readonly person: Person;
  readonly expiresAt: string;
  readonly may: (transaction: Transaction) => boolean;
  readonly logout: () => Promise<void>;
  /**
   * Where the key that signs this person's acts is: this browser's; the gateway's (when it could not enrol one); or
   * nowhere yet, this browser's key waiting for the approval of a device they hold or of their admin.
   */
  readonly keyHolder: 'device' | 'gateway' | 'awaiting-approval';
  /** This browser's device, when its key signs. */
  readonly deviceId?: string;
  /** The code this browser's request shows, while it waits for approval. */
  readonly approvalCode?: string;
  /** This browser's key approving a further device of the same person, when its key signs. */
  readonly approveWithThisDevice?: (request: {
    readonly id: string;
    readonly label: string;
    readonly code: string;
    readonly approvalPayload: string;
  }) => Promise<{ readonly deviceId: string; readonly signature: string }>;
}

export interface SessionGate {
  readonly client: GraphQLClient;
  /** undefined while a stored token is being checked. */
  readonly state:
    | { readonly kind: 'checking' }
    | { readonly kind: 'signed-out'; readonly notice?: string }
    // Signed in with the password an admin chose: nothing but changing it is open until they do.
    | { readonly kind: 'must-change-password'; readonly person: Person; readonly logout: () => Promise<void> }
    | { readonly kind: 'signed-in'; readonly session: SessionValue };
  readonly login: (org: string, username: string, password: string) => Promise<void>;
  readonly changePassword: (oldPassword: string, newPassword: string) => Promise<void>;
}

const SessionContext = createContext<SessionValue | undefined>(undefined);
export const SessionProvider = SessionContext.Provider;

export function useSession(): SessionValue {
  const session = useContext(SessionContext);
  if (session === undefined) throw new Error('useSession is used outside a signed-in page');
  return session;
}

interface Live {
  readonly stored: StoredSession;
  readonly person: Person;
}

/** How long the sign-in waits for this browser's key to be found or enrolled before the gateway's key signs instead. */
const DEVICE_WAIT_MS = 15_000;
/** How often a browser whose key waits for approval asks whether it was approved. */
const APPROVAL_POLL_MS = 3_000;

const withinTime = <T,>(work: Promise<T>, ms: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/** Owns the token and the GraphQL client that sends it. */
export function useSessionGate(): SessionGate {
  const current = useRef<StoredSession | undefined>(tokenStore.read());
  const [live, setLive] = useState<Live | 'checking' | undefined>(current.current ? 'checking' : undefined);
  const [notice, setNotice] = useState<string>();
  // This browser's key for the signed-in person: undefined while it is looked up or enrolled, null when it could not be.
  const device = useRef<SigningDevice | null | undefined>(undefined);
  const [deviceReady, setDeviceReady] = useState<'pending' | 'device' | 'gateway' | 'awaiting-approval'>('pending');
  const [awaiting, setAwaiting] = useState<AwaitingApproval>();

  const end = useCallback((why?: string) => {
    current.current = undefined;
    tokenStore.clear();
    setLive(undefined);
    setNotice(why);
  }, []);

  const client = useMemo(
    () =>
      graphqlClient({
        endpoint: '/graphql',
        token: () => current.current?.token,
        onSessionEnded: () => end('Your session has ended. Sign in again.'),
        device: () => device.current ?? undefined,
      }),
    [end],
  );

  // A token kept from before a reload is checked once with the gateway.
  useEffect(() => {
    const stored = current.current;
    if (stored === undefined) return;
    client.request(ME, {}).then(
      ({ me }) => setLive({ stored, person: me }),
      () => end(),
    );
  }, [client, end]);

  // Once signed in with a password of their own, the person signs with this browser's key: found, or made and enrolled.
  const signer = live !== undefined && live !== 'checking' && !live.person.mustChangePassword ? live.person : undefined;
  useEffect(() => {
    device.current = undefined;
    setDeviceReady('pending');
    setAwaiting(undefined);
    if (signer === undefined) return;
    const person = { org: signer.organisation.name, username: signer.username };
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The CA unreachable, too many devices, or a request refused or expired: the gateway's key signs meanwhile (where
    // it still may), and the header says so.
    const fallBack = () => {
      device.current = null;
      setAwaiting(undefined);
      setDeviceReady('gateway');
    };
    const poll = (): void => {
      approvedDevice(client, person).then(use, () => {
        if (current) timer = setTimeout(poll, APPROVAL_POLL_MS);
      });
    };
    const use = (found: SigningDevice | AwaitingApproval | undefined): void => {
      if (!current) return;
      if (found === undefined) {
        fallBack();
        return;
      }
      if ('requestId' in found) {
        setAwaiting(found);
        setDeviceReady('awaiting-approval');
        timer = setTimeout(poll, APPROVAL_POLL_MS);
        return;
      }
      device.current = found;
      setAwaiting(undefined);
      setDeviceReady('device');
    };
    withinTime(deviceForSigning(client, person), DEVICE_WAIT_MS).then(use, () => {
      if (current) fallBack();
    });
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, signer]);

  // Operators' sessions last 30 minutes: the page leaves when the session does.
  const expiresAt = live !== undefined && live !== 'checking' ? live.stored.expiresAt : undefined;
  useEffect(() => {
    if (expiresAt === undefined) return undefined;
    const timer = setTimeout(() => end('Your session has expired. Sign in again.'), Math.max(0, Date.parse(expiresAt) - Date.now()));
    return () => clearTimeout(timer);
  }, [expiresAt, end]);

  const login = useCallback(
    async (org: string, username: string, password: string) => {
      const { login: session } = await client.request(LOGIN, { org, username, password });
      const stored = { token: session.token, expiresAt: session.expiresAt };
      current.current = stored;
      tokenStore.write(stored);
      setNotice(undefined);
      setLive({ stored, person: session.person });
    },
    [client],
  );

  const changePassword = useCallback(
    async (oldPassword: string, newPassword: string) => {
      const stored = current.current;
      if (stored === undefined) return;
      await client.request(CHANGE_PASSWORD, { oldPassword, newPassword });
      const { me } = await client.request(ME, {});
      setLive({ stored, person: me });
    },
    [client],
  );

  const session = useMemo<SessionValue | undefined>(() => {
    if (live === undefined || live === 'checking') return undefined;
    return {
      person: live.person,
      expiresAt: live.stored.expiresAt,
      may: (transaction) => may(live.person, transaction),
      keyHolder: deviceReady === 'device' || deviceReady === 'awaiting-approval' ? deviceReady : 'gateway',
      ...(deviceReady === 'device' && device.current
        ? { deviceId: device.current.id, approveWithThisDevice: approver(device.current) }
        : {}),
      ...(deviceReady === 'awaiting-approval' && awaiting ? { approvalCode: awaiting.code } : {}),
      logout: async () => {
        await client.request(LOGOUT, {}).catch(() => undefined); // signed out here whatever the gateway answers
        end();
      },
    };
  }, [live, client, end, deviceReady, awaiting]);

  const state: SessionGate['state'] =
    live === 'checking' || (session !== undefined && !session.person.mustChangePassword && deviceReady === 'pending')
      ? { kind: 'checking' }
      : session === undefined
        ? { kind: 'signed-out', notice }
        : session.person.mustChangePassword
          ? { kind: 'must-change-password', person: session.person, logout: session.logout }
          : { kind: 'signed-in', session };
  return { client, state, login, changePassword };
}

/** Approvals signed by this browser's key, as its own person's. */
const approver =
  (device: SigningDevice): NonNullable<SessionValue['approveWithThisDevice']> =>
  async (request) => ({ deviceId: device.id, signature: await signDeviceApproval(device.privateKey, request, device.username) });
