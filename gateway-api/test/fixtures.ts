// A gateway of its own for each test run: a fresh PostgreSQL database (created beside the project's,
// migrated, dropped afterwards), the demo people seeded into it, a free port, and a small GraphQL client.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { databaseUrl, migrate } from '../src/db';
import { loadConfig, type GatewayConfig } from '../src/config';
import { seedDemoPeople, type DemoPerson } from '../src/people';
import { startGateway, type GatewayOptions, type RunningGateway } from '../src/server';

export interface TestDatabase {
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
  return { url: url.toString(), drop: () => admin(`DROP DATABASE ${name} WITH (FORCE)`) };
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
  /** Signs in and returns the bearer token. */
  login(org: string, username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function testGateway(options: GatewayOptions = {}): Promise<TestGateway> {
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

  const graphql = async (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLAnswer> => {
    const response = await fetch(`${gateway.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...(await response.json() as object) };
  };
  const password = (org: string, username: string): string => {
    const person = demo.find((p) => p.org === org && p.username === username);
    if (!person) throw new Error(`no demo person ${username}@${org}`);
    return person.password;
  };

  return {
    gateway, config, database, demo, password, graphql,
    async login(org, username, pass = password(org, username)) {
      const answer = await graphql('mutation ($org: String!, $u: String!, $p: String!) { login(org: $org, username: $u, password: $p) { token } }',
        { org, u: username, p: pass });
      if (!answer.data?.login) throw new Error(`login of ${username}@${org} failed: ${JSON.stringify(answer.errors)}`);
      return answer.data.login.token as string;
    },
    async close() {
      await gateway.close();
      await database.drop();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
