// One telling of the demo story: each step as its person at their own organisation's gateway (signed in once per
// telling), signed with a key the telling makes for that person on Node's WebCrypto and enrols as their device, the way
// the explorer signs in a browser; failures named by chapter and step, and the patience the projections need, since a
// gateway answers writes before the indexers show them.
import { hostname } from 'node:os';
import { certificateRequest, newDeviceKeys, signedMutation } from '@plasma/explorer-ui/device-key';
import type { Actor, Cast } from './cast';
import { GraphQLRequestError, type GraphQLClient } from './graphql-client';
import type { Operation } from './operation';
import { EnrolStoryDevice } from './operations';

/** A person signed in, with the key that signs their steps. */
interface Signer {
  readonly token: string;
  readonly device: { readonly id: string; readonly privateKey: CryptoKey; readonly username: string };
}

/** Where the story stopped: the chapter and the step, with the gateway's answer. */
export class DemoStoryError extends Error {
  constructor(
    readonly chapter: string,
    readonly step: string,
    readonly cause: unknown,
  ) {
    super(`chapter "${chapter}", step "${step}": ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DemoStoryError';
  }
}

export class Telling {
  /** Each organisation's gateway, by the organisation's name. */
  readonly #clientOf: (org: string) => GraphQLClient;
  readonly #reader: Actor;
  readonly #settleTimeoutMs: number;
  readonly #tokens = new Map<Actor, Promise<string>>();
  readonly #signers = new Map<Actor, Promise<Signer>>();
  /** The chapter being told, named by every DemoStoryError. */
  chapter = 'getting ready';
  /** The story's clock: collection times count back from it. */
  readonly startedAt = Date.now();

  constructor(clientOf: (org: string) => GraphQLClient, cast: Cast, settleTimeoutMs: number) {
    this.#clientOf = clientOf;
    this.#reader = cast.inspector;
    this.#settleTimeoutMs = settleTimeoutMs;
  }

  /**
   * One mutation as `actor`, every signature it needs made by the actor's own key. Another organisation's peer may
   * still be a block behind the writes just made, and answers NOT_FOUND or CONFLICT for a moment: those are tried
   * again for a few seconds before counting.
   */
  as<TData, TVariables>(actor: Actor, step: string, operation: Operation<TData, TVariables>, variables: TVariables): Promise<TData> {
    return this.step(`${actor.username}@${actor.org}: ${step}`, async () => {
      const { token, device } = await this.#signer(actor);
      const client = this.#clientOf(actor.org);
      const call = (document: string, values: Record<string, unknown>) =>
        client.request<Record<string, unknown>, Record<string, unknown>>({ document }, values, token);
      for (let attempt = 1; ; attempt += 1) {
        try {
          // signedMutation answers the operation's data, as if the mutation had been sent alone.
          return (await signedMutation(call, device, operation.document, variables as Record<string, unknown>)) as TData;
        } catch (error) {
          const passing = error instanceof GraphQLRequestError && (error.code === 'NOT_FOUND' || error.code === 'CONFLICT');
          if (!passing || attempt >= 20) throw error;
          await sleep(500);
        }
      }
    });
  }

  /** Reads the projection as the inspector, at the regulator's gateway. */
  async read<TData, TVariables>(operation: Operation<TData, TVariables>, variables: TVariables): Promise<TData> {
    return this.#clientOf(this.#reader.org).request(operation, variables, await this.#token(this.#reader));
  }

  /** Runs `act`, naming the chapter and `step` in any failure. */
  async step<T>(step: string, act: () => Promise<T>): Promise<T> {
    try {
      return await act();
    } catch (error) {
      throw error instanceof DemoStoryError ? error : new DemoStoryError(this.chapter, step, error);
    }
  }

  /** A failure of this chapter at `step`, for a reason the story finds itself. */
  stopped(step: string, reason: string): DemoStoryError {
    return new DemoStoryError(this.chapter, step, new Error(reason));
  }

  /** Probes until `probe` answers, or gives up after the settle timeout. */
  async settled<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + this.#settleTimeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`gave up waiting ${this.#settleTimeoutMs / 1000} s for ${what}; is the indexer running?`);
      await sleep(500);
    }
  }

  /** Waits until `check` holds. */
  async settle(what: string, check: () => Promise<boolean>): Promise<void> {
    await this.settled(what, async () => ((await check()) ? true : undefined));
  }

  /** Signs `actor` in and enrols a new key of theirs, once per telling. */
  #signer(actor: Actor): Promise<Signer> {
    let signer = this.#signers.get(actor);
    if (signer === undefined) {
      signer = (async () => {
        const token = await this.#token(actor);
        const keys = await newDeviceKeys();
        const { enrolDevice } = await this.#clientOf(actor.org).request(
          EnrolStoryDevice,
          { label: `demo story on ${hostname()}`, certificateRequest: await certificateRequest(keys, actor.username) },
          token,
        );
        return { token, device: { id: enrolDevice.id, privateKey: keys.privateKey, username: actor.username } };
      })();
      signer.catch(() => this.#signers.delete(actor));
      this.#signers.set(actor, signer);
    }
    return signer;
  }

  #token(actor: Actor): Promise<string> {
    let token = this.#tokens.get(actor);
    if (token === undefined) {
      token = this.#clientOf(actor.org).login(actor.org, actor.username, actor.password);
      token.catch(() => this.#tokens.delete(actor));
      this.#tokens.set(actor, token);
    }
    return token;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
