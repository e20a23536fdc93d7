// Gateways of their own for each test run: a fresh PostgreSQL database (created beside the organisations', migrated,
// dropped afterwards with its roles), every organisation's gateway on a free port with its demo people seeded into it,
// and a small GraphQL client that sends each request to the right gateway.
import { randomBytes, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Network } from '@hyperledger/fabric-gateway';
import pg, { type Pool } from 'pg';
import { loadTopology, organisation, type Topology } from '@plasma/network';
import {
  type DemoPerson,
  type GatewayConfig,
  ledgerHeight,
  loadConfig,
  migrate,
  openServiceChannel,
  runIndexer,
  seedDemoPeople,
} from '@plasma/gateway-api';
import { type GatewayOptions, type RunningGateway, startGateway } from '@plasma/gateway-api/server';
import { createPool, databaseUrl, dropDatabase, withDatabase } from '@plasma/platform';
import { certificateRequest, newDeviceKeys, signedByDevice, signedMutation } from '@plasma/explorer-ui/device-key';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** `plasma_test_<random>` on the server of databaseUrl(), with every migration applied; dropped with its roles. */
export async function freshDatabase(): Promise<TestDatabase> {
  const name = `plasma_test_${randomBytes(6).toString('hex')}`;
  const admin = async (act: (client: pg.Client) => Promise<unknown>): Promise<void> => {
    const client = new pg.Client({ connectionString: databaseUrl() });
    await client.connect();
    try {
      await act(client);
    } finally {
      await client.end();
    }
  };
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = withDatabase(databaseUrl(), name);
  await migrate(url);
  return { name, url, drop: () => admin((client) => dropDatabase(client, name)) };
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly data?: any;
  readonly errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

/** The answer's data; an answer with errors throws them, so the test fails naming what the gateway said. */
export function dataOf(answer: GraphQLAnswer): any {
  if (answer.errors !== undefined) throw new Error(`the gateway answered errors: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

export interface TestGateway {
  readonly topology: Topology;
  readonly database: TestDatabase;
  /** The database every gateway of the test shares, as its owner. */
  readonly pool: Pool;
  /** Every organisation's seeded demo people with their passwords. */
  readonly demo: readonly DemoPerson[];
  /** The organisation's gateway, running in this process. */
  gatewayOf(org: string): RunningGateway;
  configOf(org: string): GatewayConfig;
  password(org: string, username: string): string;
  /**
   * One request: with a token, at the gateway that issued it; without, at the gateway of the organisation the variables
   * name (a sign-in, as a person opens their own organisation's explorer), else at the first organisation's.
   */
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer>;
  /** One request at `org`'s gateway. */
  graphqlAt(org: string, query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer>;
  /** Waits until the test's own indexer has written this transaction (needs `indexed`). */
  untilIndexed(transactionId: string, timeoutMs?: number): Promise<void>;
  /** Waits until the test's own indexer has every block the ledger has now (needs `indexed`). */
  untilCaughtUp(timeoutMs?: number): Promise<void>;
  /** Signs in at the organisation's own gateway and returns the bearer token. */
  login(org: string, username: string, password?: string): Promise<string>;
  /** A demo person's token, signed in the first time a test asks for it and kept for the gateway's life. */
  tokenOf(org: string, username: string): Promise<string>;
  /**
   * Signs in and enrols a key made on Node's WebCrypto as the person's device, as the explorer does in a browser: the
   * session's requests then sign every mutation that acts with that key, step by step (prepareTransaction, then
   * submitSignedTransaction), and answer as if the mutation had been sent alone.
   */
  deviceSession(org: string, username: string, password?: string): Promise<DeviceSession>;
  close(): Promise<void>;
}

export interface DeviceSession {
  readonly token: string;
  readonly deviceId: string;
  /** One request at the person's own gateway: a mutation that acts signed by the device, anything else as it is. */
  graphql(query: string, variables?: Record<string, unknown>): Promise<GraphQLAnswer>;
}

export interface TestGatewayOptions extends GatewayOptions {
  /**
   * Runs an indexer of the test's own into the fresh database (see `untilIndexed`): from the ledger's current
   * height on, so that the projection holds exactly what the test writes, or from the first block, so that it
   * also holds what `up` wrote (the consortium and its rule sets).
   */
  readonly indexed?: 'from now' | 'from genesis';
}

/**
 * Every organisation's gateway, each as `npm run up` runs it (its own people, its own peer, its own port), started in
 * this process over one fresh database they share: the projection is the same ledger's for all, and each gateway
 * still signs in and signs as its own organisation's people only.
 */
export async function testGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const database = await freshDatabase();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-test-'));
  const topology = loadTopology();
  const configs = new Map(
    topology.organisations.map((org): [string, GatewayConfig] => [
      org.name,
      {
        ...loadConfig(org.name),
        databaseUrl: database.url,
        listen: { host: '127.0.0.1', port: 0 },
        // Never the real demo file: its passwords belong to the organisation's own database.
        demoPeopleFile: path.join(scratch, org.name, 'demo-people.json'),
      },
    ]),
  );
  const configOf = (org: string): GatewayConfig => {
    const config = configs.get(organisation(topology, org).name);
    if (!config) throw new Error(`no gateway of ${org}`);
    return config;
  };
  const demo: DemoPerson[] = [];
  const gateways = new Map<string, RunningGateway>();
  for (const [org, config] of configs) {
    demo.push(...(await seedDemoPeople(config)));
    gateways.set(org, await startGateway(config, options));
  }
  const gatewayOf = (org: string): RunningGateway => gateways.get(configOf(org).organisation.name)!;
  const pool = createPool(database.url, 2);
  const indexer = options.indexed ? await ownIndexer(configOf(topology.organisations[0]!.name), options.indexed) : undefined;
  /** Which gateway issued each token. */
  const issuedBy = new Map<string, string>();

  const graphqlAt = async (org: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLAnswer> => {
    const response = await fetch(`${gatewayOf(org).url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const answer = { status: response.status, ...((await response.json()) as object) } as GraphQLAnswer;
    const issued: unknown = answer.data?.login?.token;
    if (typeof issued === 'string') issuedBy.set(issued, org);
    return answer;
  };
  const graphql = (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLAnswer> => {
    const named = typeof variables.org === 'string' && configs.has(variables.org) ? variables.org : undefined;
    const org = (token && issuedBy.get(token)) ?? named ?? topology.organisations[0]!.name;
    return graphqlAt(org, query, variables, token);
  };
  const login = async (org: string, username: string, pass = password(org, username)): Promise<string> => {
    const answer = await graphqlAt(
      org,
      'mutation ($org: String!, $u: String!, $p: String!) { login(org: $org, username: $u, password: $p) { token } }',
      { org, u: username, p: pass },
    );
    if (!answer.data?.login) throw new Error(`login of ${username}@${org} failed: ${JSON.stringify(answer.errors)}`);
    return answer.data.login.token as string;
  };
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (org: string, username: string): Promise<string> => {
    const key = `${username}@${org}`;
    if (!tokens.has(key)) tokens.set(key, login(org, username));
    return tokens.get(key)!;
  };
  function password(org: string, username: string): string {
    const person = demo.find((p) => p.org === org && p.username === username);
    if (!person) throw new Error(`no demo person ${username}@${org}`);
    return person.password;
  }

  return {
    topology,
    database,
    pool,
    demo,
    gatewayOf,
    configOf,
    password,
    graphql,
    graphqlAt,
    login,
    tokenOf,
    async deviceSession(org, username, pass) {
      const token = await login(org, username, pass);
      const crypto = webcrypto as Crypto;
      const keys = await newDeviceKeys(crypto);
      const enrolled = await graphqlAt(
        org,
        'mutation ($csr: String!) { enrolDevice(label: "test device", certificateRequest: $csr) { id } }',
        { csr: await certificateRequest(keys, username, crypto) },
        token,
      );
      if (!enrolled.data?.enrolDevice)
        throw new Error(`enrolling a device of ${username}@${org} failed: ${JSON.stringify(enrolled.errors)}`);
      const device = { id: enrolled.data.enrolDevice.id as string, privateKey: keys.privateKey, username };
      return {
        token,
        deviceId: device.id,
        async graphql(query, variables = {}) {
          if (!signedByDevice(query)) return graphqlAt(org, query, variables, token);
          // A refusal at any step is the answer, as the mutation sent alone would have been refused.
          let refusal: GraphQLAnswer | undefined;
          const call = async (step: string, stepVariables: Record<string, unknown>) => {
            const answer = await graphqlAt(org, step, stepVariables, token);
            if (answer.errors) {
              refusal = { status: answer.status, errors: answer.errors };
              throw new Error(answer.errors[0]?.message);
            }
            return answer.data as Record<string, unknown>;
          };
          try {
            return { status: 200, data: await signedMutation(call, device, query, variables, undefined, crypto) };
          } catch (error) {
            if (refusal) return refusal;
            throw error;
          }
        },
      };
    },
    async untilIndexed(transactionId, timeoutMs = 60_000) {
      const written = async () => ((await pool.query('SELECT 1 FROM transactions WHERE tx_id = $1', [transactionId])).rowCount ?? 0) > 0;
      await until(`transaction ${transactionId} to be indexed`, written, timeoutMs);
    },
    async untilCaughtUp(timeoutMs = 60_000) {
      if (!indexer) throw new Error('untilCaughtUp needs testGateway({ indexed })');
      const height = await ledgerHeight(indexer.network);
      const next = async () => BigInt((await pool.query('SELECT next_block FROM indexer_checkpoint')).rows[0]?.next_block ?? 0);
      await until(`the indexer to reach block ${height}`, async () => (await next()) >= height, timeoutMs);
    },
    async close() {
      await indexer?.stop();
      for (const gateway of gateways.values()) await gateway.close();
      await pool.end();
      await database.drop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** An indexer in this process writing into the test's database. */
async function ownIndexer(
  config: GatewayConfig,
  from: 'from now' | 'from genesis',
): Promise<{ readonly network: Network; stop(): Promise<void> }> {
  const channel = openServiceChannel(config.topology, config.organisation.name);
  const pool = createPool(config.databaseUrl, 2);
  if (from === 'from now') {
    await pool.query('INSERT INTO indexer_checkpoint (channel, next_block) VALUES ($1, $2)', [
      config.topology.channel,
      (await ledgerHeight(channel.network)).toString(),
    ]);
  }
  const controller = new AbortController();
  const running = runIndexer({ pool, network: channel.network, namespace: config.topology.chaincode.name }, controller.signal);
  return {
    network: channel.network,
    async stop() {
      controller.abort();
      await running;
      channel.close();
      await pool.end();
    },
  };
}

async function until(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
