// An in-memory stand-in for a Fabric channel: world state and history, and a transaction context per call.
import { createHash } from 'node:crypto';
import type { Context, Contract } from 'fabric-contract-api';
import type { Iterators, Timestamp } from 'fabric-shim-api';
import type { Endorser } from '../src/access/endorser';
import type { Organisation } from '../src/consortium/organisation';

// fabric-contract-api logs every decorator at info level as the contracts load; tests want warnings only.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

/** Who calls: the MSP of their organisation, their certificate's CN and its `role` attribute. */
export interface Caller {
  readonly mspId: string;
  readonly commonName: string;
  readonly role?: string;
  /** The certificate's other attributes (`person`, `hf.EnrollmentID`, …), as the shim reads them. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** The caller's certificate (PEM), for transactions that read it; a placeholder otherwise. */
  readonly certificate?: string;
}

export interface InvokeOptions {
  /** Transient data (never on the ledger), as text per field. */
  readonly transient?: Readonly<Record<string, string>>;
  /** The endorsing peer's clock (ISO); by default it agrees with the transaction's timestamp. */
  readonly peerTime?: string;
  /** The organisation card of the endorsing peer's chaincode server; by default the ledger's. */
  readonly endorsingFor?: Organisation;
}

export interface ChaincodeEvent {
  readonly name: string;
  readonly payload: Uint8Array;
}

/** One transaction: its context, and what it wrote and emitted (committed only if it succeeds). */
export interface FakeTransaction {
  readonly ctx: Context;
  readonly txId: string;
  readonly writes: ReadonlyMap<string, Uint8Array>;
  /** Keys read so far: single reads and every key a range query returned (what bounds a transaction's cost). */
  readonly reads: number;
  /** Private data writes, keyed `collection/key`. */
  readonly privateWrites: ReadonlyMap<string, Uint8Array>;
  /** Key-level endorsement policies set, by key. */
  readonly validationParameters: ReadonlyMap<string, Uint8Array>;
  readonly event: ChaincodeEvent | undefined;
}

export interface Outcome extends FakeTransaction {
  readonly result?: string;
  readonly error?: Error;
}

type TransactionFunction = (ctx: Context, ...args: string[]) => Promise<string>;
type AroundTransaction = (ctx: Context, fn: string, parameters: readonly string[]) => Promise<string | undefined>;

const SEPARATOR = '\u0000';

/** Transaction time of every call that does not give its own. */
export const TX_TIME = '2025-06-01T10:00:00.000Z';

export class FakeLedger {
  /** The organisation card the endorsing peer's chaincode server holds, unless a call names another. */
  endorsingFor: Organisation | undefined;
  /** Committed world state. */
  readonly state = new Map<string, Uint8Array>();
  /** Committed private data, keyed `collection/key`. */
  readonly privateState = new Map<string, Uint8Array>();
  /** Committed key-level endorsement policies. */
  readonly validationParameters = new Map<string, Uint8Array>();
  /** Keys of `state` in order, for range queries without sorting the whole state each time. */
  readonly #sortedKeys: string[] = [];
  readonly #history = new Map<string, Iterators.KeyModification[]>();
  readonly #contracts: readonly Contract[];
  #transactions = 0;

  constructor(contracts: readonly Contract[]) {
    this.#contracts = contracts;
  }

  /** An independent copy of this ledger, committed state and history included: one prepared state, many trials. */
  clone(): FakeLedger {
    const copy = new FakeLedger(this.#contracts);
    copy.endorsingFor = this.endorsingFor;
    for (const [key, value] of this.state) copy.state.set(key, value);
    for (const [key, value] of this.privateState) copy.privateState.set(key, value);
    for (const [key, value] of this.validationParameters) copy.validationParameters.set(key, value);
    copy.#sortedKeys.push(...this.#sortedKeys);
    for (const [key, modifications] of this.#history) copy.#history.set(key, [...modifications]);
    copy.#transactions = this.#transactions;
    return copy;
  }

  /** A transaction context for `caller` calling `fcn` at ISO time `at`. */
  transaction(caller: Caller, fcn: string, args: readonly string[], at: string, options: InvokeOptions = {}): FakeTransaction {
    this.#transactions += 1;
    const txId = createHash('sha256').update(`tx${this.#transactions}`).digest('hex');
    const millis = Date.parse(at);
    const writes = new Map<string, Uint8Array>();
    let reads = 0;
    const privateWrites = new Map<string, Uint8Array>();
    const validationParameters = new Map<string, Uint8Array>();
    let event: ChaincodeEvent | undefined;

    const stub = {
      getTxID: () => txId,
      getTxTimestamp: (): Timestamp => ({
        // A stand-in for protobuf's Long: the chaincode reads only toNumber().
        // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
        seconds: { toNumber: () => Math.floor(millis / 1000) } as Timestamp['seconds'],
        nanos: (millis % 1000) * 1e6,
      }),
      getFunctionAndParameters: () => ({ fcn, params: [...args] }),
      // Like Fabric, reads see committed state only, never this transaction's own writes.
      getState: async (key: string) => {
        reads += 1;
        return this.state.get(key) ?? new Uint8Array();
      },
      putState: async (key: string, value: Uint8Array) => {
        writes.set(key, value);
      },
      // A delete is written as an empty value, as the peer's write set records it.
      deleteState: async (key: string) => {
        writes.set(key, new Uint8Array());
      },
      createCompositeKey: (objectType: string, attributes: string[]) => {
        // As the shim does: every part a non-empty string.
        if ([objectType, ...attributes].some((part) => typeof part !== 'string' || part.length === 0)) {
          throw new Error('object type or attribute not a non-zero length string');
        }
        return `${SEPARATOR}${objectType}${SEPARATOR}${attributes.map((attribute) => attribute + SEPARATOR).join('')}`;
      },
      splitCompositeKey: (key: string) => {
        const [objectType = '', ...attributes] = key.slice(1, -1).split(SEPARATOR);
        return { objectType, attributes };
      },
      getStateByPartialCompositeKey: (objectType: string, attributes: string[]) =>
        this.#range(stub.createCompositeKey(objectType, attributes), () => {
          reads += 1;
        }),
      getStateByPartialCompositeKeyWithPagination: async (objectType: string, attributes: string[], pageSize: number, bookmark = '') => {
        const prefix = stub.createCompositeKey(objectType, attributes);
        const keys = this.#keysWithPrefix(prefix).filter((key) => bookmark === '' || key >= bookmark);
        const page = keys.slice(0, pageSize);
        const entries = page.map((key) => ({ namespace: 'plasma', key, value: this.state.get(key)! }));
        let index = 0;
        return {
          iterator: {
            next: async () => (index < entries.length ? { value: entries[index++]!, done: false } : { value: undefined, done: true }),
            close: async () => undefined,
          },
          metadata: { fetchedRecordsCount: page.length, bookmark: keys[pageSize] ?? '' },
        };
      },
      getTransient: () => new Map(Object.entries(options.transient ?? {}).map(([name, text]) => [name, Buffer.from(text)])),
      putPrivateData: async (collection: string, key: string, value: Uint8Array) => {
        privateWrites.set(`${collection}/${key}`, value);
      },
      getPrivateData: async (collection: string, key: string) => this.privateState.get(`${collection}/${key}`) ?? new Uint8Array(),
      getPrivateDataHash: async (collection: string, key: string) => {
        const value = this.privateState.get(`${collection}/${key}`);
        return value === undefined ? new Uint8Array() : createHash('sha256').update(value).digest();
      },
      setStateValidationParameter: async (key: string, policy: Uint8Array) => {
        validationParameters.set(key, policy);
      },
      getStateValidationParameter: async (key: string) => this.validationParameters.get(key) ?? new Uint8Array(),
      getHistoryForKey: (key: string) => this.#modifications(key),
      // Like Fabric, a later event replaces an earlier one.
      setEvent: (name: string, payload: Uint8Array) => {
        event = { name, payload };
      },
    };
    const clientIdentity = {
      getMSPID: () => caller.mspId,
      getID: () =>
        `x509::/C=US/ST=North Carolina/O=Hyperledger/OU=client/CN=${caller.commonName}` +
        `::/C=US/ST=North Carolina/O=${caller.mspId}/CN=ca.${caller.mspId}`,
      getAttributeValue: (name: string) => (name === 'role' ? (caller.role ?? null) : (caller.attributes?.[name] ?? null)),
      // A plain Uint8Array, as the shim gives it (not a Buffer, whose toString would decode it).
      getIDBytes: () => new Uint8Array(Buffer.from(caller.certificate ?? `no certificate for ${caller.commonName}`)),
    };
    // What the endorsing peer knows that the ledger does not: its clock and its organisation (access/endorser.ts).
    const peerNow = Date.parse(options.peerTime ?? at);
    const endorser: Endorser = { now: () => peerNow, organisation: options.endorsingFor ?? this.endorsingFor };
    return {
      ctx: { stub, clientIdentity, endorser } as unknown as Context,
      txId,
      writes,
      get reads() {
        return reads;
      },
      privateWrites,
      validationParameters,
      get event() {
        return event;
      },
    };
  }

  /**
   * Calls `Contract:Function` as fabric-contract-api does (beforeTransaction, then the function through
   * aroundTransaction), and commits its writes if it succeeds.
   */
  async invoke(caller: Caller, name: string, args: readonly string[] = [], at = TX_TIME, options: InvokeOptions = {}): Promise<Outcome> {
    const [contractName, functionName = ''] = name.split(':');
    const contract = this.#contracts.find((candidate) => candidate.getName() === contractName);
    const transactionFunction = (contract as unknown as Record<string, TransactionFunction> | undefined)?.[functionName];
    if (contract === undefined || typeof transactionFunction !== 'function') {
      throw new Error(`no transaction ${name} in the contracts under test`);
    }

    const transaction = this.transaction(caller, name, args, at, options);
    try {
      await contract.beforeTransaction(transaction.ctx);
      // Typed as answering nothing, it hands on the function's answer.
      const around = contract.aroundTransaction.bind(contract) as unknown as AroundTransaction;
      const result = await around(transaction.ctx, functionName, args);
      this.#commit(transaction, at);
      return { ...transaction, result };
    } catch (error) {
      return { ...transaction, error: error as Error };
    }
  }

  #commit({ txId, writes, privateWrites, validationParameters }: FakeTransaction, at: string): void {
    const millis = Date.parse(at);
    for (const [key, value] of privateWrites) this.privateState.set(key, value);
    for (const [key, value] of validationParameters) this.validationParameters.set(key, value);
    for (const [key, value] of writes) {
      const isDelete = value.length === 0;
      if (isDelete) {
        if (this.state.delete(key)) this.#sortedKeys.splice(this.#lowerBound(key), 1);
      } else {
        if (!this.state.has(key)) this.#insertKey(key);
        this.state.set(key, value);
      }
      // The peer returns history newest first; its timestamps carry seconds as a plain number, not a Long.
      const timestamp = { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1e6 };
      this.#history.set(key, [{ txId, timestamp: timestamp as unknown as Timestamp, isDelete, value }, ...(this.#history.get(key) ?? [])]);
    }
  }

  async *#range(prefix: string, onRead: () => void): AsyncGenerator<Iterators.KV> {
    for (const key of this.#keysWithPrefix(prefix)) {
      onRead();
      yield { namespace: 'plasma', key, value: this.state.get(key)! };
    }
  }

  #insertKey(key: string): void {
    this.#sortedKeys.splice(this.#lowerBound(key), 0, key);
  }

  #lowerBound(key: string): number {
    let low = 0;
    let high = this.#sortedKeys.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.#sortedKeys[middle]! < key) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  #keysWithPrefix(prefix: string): string[] {
    const keys: string[] = [];
    for (let index = this.#lowerBound(prefix); index < this.#sortedKeys.length && this.#sortedKeys[index]!.startsWith(prefix); index += 1) {
      keys.push(this.#sortedKeys[index]!);
    }
    return keys;
  }

  async *#modifications(key: string): AsyncGenerator<Iterators.KeyModification> {
    yield* this.#history.get(key) ?? [];
  }
}
