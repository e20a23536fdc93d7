// This browser's signing key for each person who signs in here, kept in IndexedDB: the private key as the
// non-extractable CryptoKey WebCrypto made (IndexedDB stores the key object itself, never its bytes), beside the id
// of the device the gateway enrolled it as, or of the request that waits for its approval with the code it showed.
export type StoredDevice =
  | { readonly deviceId: string; readonly keys: CryptoKeyPair }
  | { readonly requestId: string; readonly code: string; readonly keys: CryptoKeyPair };

const DATABASE = 'plasma-signing';
const STORE = 'devices';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function inStore<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const database = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const request = act(database.transaction(STORE, mode).objectStore(STORE));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error('IndexedDB refused the request'));
    });
  } finally {
    database.close();
  }
}

/** The person's key on this browser, under their organisation and username. */
const keyOf = (org: string, username: string): string => `${org}/${username}`;

export const deviceStore = {
  read: async (org: string, username: string): Promise<StoredDevice | undefined> =>
    await inStore<StoredDevice | undefined>('readonly', (store) => store.get(keyOf(org, username)) as IDBRequest<StoredDevice | undefined>),
  write: (org: string, username: string, device: StoredDevice): Promise<IDBValidKey> =>
    inStore('readwrite', (store) => store.put(device, keyOf(org, username))),
  forget: (org: string, username: string): Promise<undefined> => inStore('readwrite', (store) => store.delete(keyOf(org, username))),
};
