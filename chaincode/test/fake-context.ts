// An in-memory stand-in for a Fabric channel: world state and history, and a transaction context per call.
import { createHash } from 'node:crypto';
import type { Context, Contract } from 'fabric-contract-api';
import type { Iterators, Timestamp } from 'fabric-shim-api';

// fabric-contract-api logs every decorator at info level as the contracts load; tests want warnings only.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

/** Who calls: the MSP of their organisation, their certificate's CN and its `role` attribute. */
export interface Caller {
  readonly mspId: string;
  readonly commonName: string;
  readonly role?: string;
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
  readonly event: ChaincodeEvent | undefined;
}

export interface Outcome extends FakeTransaction {
  readonly result?: string;
  readonly error?: Error;
}

type TransactionFunction = (ctx: Context, ...args: string[]) => Promise<string>;

const SEPARATOR = '\u0000';

/** Transaction time of every call that does not give its own. */
export const TX_TIME = '2025-06-01T10:00:00.000Z';

export class FakeLedger {
  /** Committed world state. */
  readonly state = new Map<string, Uint8Array>();
  readonly #history = new Map<string, Iterators.KeyModification[]>();
  readonly #contracts: readonly Contract[];
  #transactions = 0;

  constructor(contracts: readonly Contract[]) {
    this.#contracts = contracts;
  }

  /** A transaction context for `caller` calling `fcn` at ISO time `at`. */
  transaction(caller: Caller, fcn: string, args: readonly string[], at: string): FakeTransaction {
    this.#transactions += 1;
    const txId = createHash('sha256').update(`tx${this.#transactions}`).digest('hex');
    const millis = Date.parse(at);
    const writes = new Map<string, Uint8Array>();
    let event: ChaincodeEvent | undefined;

    const stub = {
      getTxID: () => txId,
      getTxTimestamp: (): Timestamp => ({
        seconds: { toNumber: () => Math.floor(millis / 1000) } as Timestamp['seconds'],
        nanos: (millis % 1000) * 1e6,
      }),
      getFunctionAndParameters: () => ({ fcn, params: [...args] }),
      // Like Fabric, reads see committed state only, never this transaction's own writes.
      getState: async (key: string) => this.state.get(key) ?? new Uint8Array(),
      putState: async (key: string, value: Uint8Array) => {
        writes.set(key, value);
      },
      createCompositeKey: (objectType: string, attributes: string[]) =>
        `${SEPARATOR}${objectType}${SEPARATOR}${attributes.map((attribute) => attribute + SEPARATOR).join('')}`,
      splitCompositeKey: (key: string) => {
        const [objectType = '', ...attributes] = key.slice(1, -1).split(SEPARATOR);
        return { objectType, attributes };
      },
      getStateByPartialCompositeKey: (objectType: string, attributes: string[]) =>
        this.#range(stub.createCompositeKey(objectType, attributes)),
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
      getAttributeValue: (name: string) => (name === 'role' ? (caller.role ?? null) : null),
    };
    return {
      ctx: { stub, clientIdentity } as unknown as Context,
      txId,
      writes,
      get event() {
        return event;
      },
    };
  }

  /**
   * Calls `Contract:Function` as fabric-contract-api does (beforeTransaction, then the function),
   * and commits its writes if it succeeds.
   */
  async invoke(caller: Caller, name: string, args: readonly string[] = [], at = TX_TIME): Promise<Outcome> {
    const [contractName, functionName = ''] = name.split(':');
    const contract = this.#contracts.find((candidate) => candidate.getName() === contractName);
    const transactionFunction = (contract as unknown as Record<string, TransactionFunction> | undefined)?.[functionName];
    if (contract === undefined || transactionFunction === undefined) {
      throw new Error(`no transaction ${name} in the contracts under test`);
    }

    const transaction = this.transaction(caller, name, args, at);
    try {
      await contract.beforeTransaction(transaction.ctx);
      const result = await transactionFunction.call(contract, transaction.ctx, ...args);
      this.#commit(transaction, at);
      return { ...transaction, result };
    } catch (error) {
      return { ...transaction, error: error as Error };
    }
  }

  #commit({ txId, writes }: FakeTransaction, at: string): void {
    const millis = Date.parse(at);
    for (const [key, value] of writes) {
      this.state.set(key, value);
      // The peer returns history newest first; its timestamps carry seconds as a plain number, not a Long.
      const timestamp = { seconds: Math.floor(millis / 1000), nanos: (millis % 1000) * 1e6 };
      this.#history.set(key, [
        { txId, timestamp: timestamp as unknown as Timestamp, isDelete: false, value },
        ...(this.#history.get(key) ?? []),
      ]);
    }
  }

  async *#range(prefix: string): AsyncGenerator<Iterators.KV> {
    const keys = [...this.state.keys()].filter((key) => key.startsWith(prefix)).sort();
    for (const key of keys) {
      yield { namespace: 'plasma', key, value: this.state.get(key)! };
    }
  }

  async *#modifications(key: string): AsyncGenerator<Iterators.KeyModification> {
    yield* this.#history.get(key) ?? [];
  }
}
