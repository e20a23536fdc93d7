// A gateway of its own for each test run: a fresh PostgreSQL database (created beside the project's,
// migrated, dropped afterwards), the demo people seeded into it, a free port, and a small GraphQL client.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Network } from '@hyperledger/fabric-gateway';
import pg from 'pg';
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
import { createPool, databaseUrl } from '@plasma/platform';

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** `plasma_test_<random>` on the server of databaseUrl(), with every migration applied. */
export async function freshDatabase(): Promise<TestDatabase> {
  const serverUrl = new URL(databaseUrl());
  const name = `plasma_test_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string): Promise<void> => {
    const client = new pg.Client({ connectionString: serverUrl.toString() });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  return { name, url: url.toString(), drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
}

export interface GraphQLAnswer {
  readonly status: number;
  readonly data?: any;
  readonly errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

export interface TestGateway {
  readonly gateway: RunningGateway;
  readonly config: GatewayConfig;
  readonly database: TestDatabase;
  /** The seeded demo people with their passwords. */
  readonly demo: readonly DemoPerson[];
  password(org: string, username: string): string;
  graphql(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLAnswer>;
  /** Waits until the test's own indexer has written this transaction (needs `indexed`). */
  untilIndexed(transactionId: string, timeoutMs?: number): Promise<void>;
  /** Waits until the test's own indexer has every block the ledger has now (needs `indexed`). */
  untilCaughtUp(timeoutMs?: number): Promise<void>;
  /** Signs in and returns the bearer token. */
  login(org: string, username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestGatewayOptions extends GatewayOptions {
  /**
   * Runs an indexer of the test's own into the fresh database (see `untilIndexed`): from the ledger's current
   * height on, so that the projection holds exactly what the test writes, or from the first block, so that it
   * also holds what `up` wrote (the consortium and its rule sets).
   */
  readonly indexed?: 'from now' | 'from genesis';
}

export async function testGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const database = await freshDatabase();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'gateway-test-'));
  const config: GatewayConfig = {
    ...loadConfig(),
    databaseUrl: database.url,
    listen: { host: '127.0.0.1', port: 0 },
    // Never the real demo file: its passwords belong to the project's own database.
    demoPeopleFile: path.join(scratch, 'demo-people.json'),
  };
  const demo = await seedDemoPeople(config);
  const gateway = await startGateway(config, options);
  const indexer = options.indexed ? await ownIndexer(config, options.indexed) : undefined;

  const graphql = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLAnswer> => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) };
  };
  const password = (org: string, username: string): string => {
    const person = demo.find((p) => p.org === org && p.username === username);
    if (!person) throw new Error(`no demo person ${username}@${org}`);
    return person.password;
  };

  return {
    gateway,
    config,
    database,
    demo,
    password,
    graphql,
    async login(org, username, pass = password(org, username)) {
      const answer = await graphql(
        'mutation ($org: String!, $u: String!, $p: String!) { login(org: $org, username: $u, password: $p) { token } }',
        { org, u: username, p: pass },
      );
      if (!answer.data?.login) throw new Error(`login of ${username}@${org} failed: ${JSON.stringify(answer.errors)}`);
      return answer.data.login.token as string;
    },
    async untilIndexed(transactionId, timeoutMs = 60_000) {
      const written = async () =>
        ((await gateway.services.pool.query('SELECT 1 FROM transactions WHERE tx_id = $1', [transactionId])).rowCount ?? 0) > 0;
      await until(`transaction ${transactionId} to be indexed`, written, timeoutMs);
    },
    async untilCaughtUp(timeoutMs = 60_000) {
      if (!indexer) throw new Error('untilCaughtUp needs testGateway({ indexed })');
      const height = await ledgerHeight(indexer.network);
      const next = async () =>
        BigInt((await gateway.services.pool.query('SELECT next_block FROM indexer_checkpoint')).rows[0]?.next_block ?? 0);
      await until(`the indexer to reach block ${height}`, async () => (await next()) >= height, timeoutMs);
    },
    async close() {
      await indexer?.stop();
      await gateway.close();
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
  const channel = openServiceChannel(config.topology);
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
