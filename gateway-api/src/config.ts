// An organisation's gateway's configuration, parsed once at start-up from the environment and network/topology.yaml.
// Every problem is listed at once, so that a misconfigured deployment is fixed in one go.
import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { dataHome, loadTopology, type Organisation, organisation, type Topology } from '@plasma/network';
import { serviceDatabaseUrl } from '@plasma/platform';

/** Where the key-encryption key comes from: the environment, or a file generated on first use. */
export type KeyEncryptionKeySource =
  { readonly kind: 'environment'; readonly key: Buffer } | { readonly kind: 'file'; readonly file: string };

export interface QueryLimits {
  /** Deepest nesting of fields in one operation. */
  readonly maxDepth: number;
  /** graphql-armor's cost: objects, scalars and depth weighted. */
  readonly maxCost: number;
  readonly maxAliases: number;
  readonly maxTokens: number;
  /** Largest JSON request body. */
  readonly maxBodyBytes: number;
}

export interface GatewayConfig {
  readonly topology: Topology;
  /** Whose gateway it is: it holds, signs as and signs in only this organisation's people, and reads from its peers. */
  readonly organisation: Organisation;
  readonly listen: { readonly host: string; readonly port: number };
  readonly databaseUrl: string;
  readonly keyEncryptionKey: KeyEncryptionKeySource;
  /** Generated demo passwords of the topology's users, for newcomers and the explorer's tests. */
  readonly demoPeopleFile: string;
  readonly limits: QueryLimits;
  /** Failed logins allowed per account in a minute (sessions.ts: per address and for unknown accounts, more). */
  readonly loginAttemptsPerMinute: number;
  /** GraphiQL in a browser at /graphql: a developer's tool, on only with GATEWAY_DEV=1. */
  readonly graphiql: boolean;
  /** Origins besides the gateway's own whose pages may call it (CORS); none unless configured. */
  readonly allowedOrigins: readonly string[];
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; none unless configured. */
  readonly trustedProxies: readonly string[];
  /** Largest off-chain document (storeDocument), in canonical bytes; its base64 must fit in the request body. */
  readonly maxDocumentBytes: number;
}

/** An organisation's gateway's own files: its key-encryption key and its demo people's passwords. */
export const gatewayDataDir = (org: string): string => path.join(dataHome, 'gateway', org.toLowerCase());

const keyEncryptionKey = z.string().transform((value, ctx) => {
  const key = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) {
    ctx.addIssue({ code: 'custom', message: 'must be 32 bytes for AES-256, as 64 hex digits or base64' });
    return z.NEVER;
  }
  return key;
});
/** A comma-separated list, each entry trimmed and checked: `problem` says what is wrong with one, or undefined. */
const commaList = (problem: (entry: string) => string | undefined) =>
  z.string().transform((value, ctx) => {
    const listed = value
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean);
    for (const entry of listed) {
      const message = problem(entry);
      if (message !== undefined) ctx.addIssue({ code: 'custom', message: `'${entry}' ${message}` });
    }
    return listed;
  });
/** Origins as a browser sends them: scheme, host and port only (https://explorer.example.org). */
const origins = commaList((origin) =>
  URL.canParse(origin) && new URL(origin).origin === origin
    ? undefined
    : 'is not an origin: scheme, host and port only, e.g. https://explorer.example.org',
);
/** IP addresses or CIDR ranges (10.0.0.5, 10.0.0.0/24). */
const proxies = commaList((proxy) => {
  const [address = '', bits] = proxy.split('/');
  const family = isIP(address);
  const maxBits = family === 4 ? 32 : 128;
  return family !== 0 && (bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits))
    ? undefined
    : 'is not an IP address or CIDR range, e.g. 10.0.0.5 or 10.0.0.0/24';
});
const count = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const environment = z.object({
  GATEWAY_KEY_ENCRYPTION_KEY: keyEncryptionKey.optional(),
  GATEWAY_MAX_DEPTH: count(2, 64, 10),
  GATEWAY_MAX_COST: count(100, 1_000_000, 5000),
  GATEWAY_MAX_ALIASES: count(1, 1000, 15),
  GATEWAY_MAX_TOKENS: count(100, 100_000, 2000),
  GATEWAY_MAX_BODY_BYTES: count(1024, 10_000_000, 100_000),
  GATEWAY_LOGIN_ATTEMPTS_PER_MINUTE: count(1, 1000, 5),
  GATEWAY_DEV: z.enum(['0', '1']).default('0'),
  GATEWAY_ALLOWED_ORIGINS: z.string().default('').pipe(origins),
  GATEWAY_TRUSTED_PROXIES: z.string().default('').pipe(proxies),
  GATEWAY_MAX_DOCUMENT_BYTES: count(1, 7_000_000, 65_536),
});

const queryLimitsOf = (settings: z.infer<typeof environment>): QueryLimits => ({
  maxDepth: settings.GATEWAY_MAX_DEPTH,
  maxCost: settings.GATEWAY_MAX_COST,
  maxAliases: settings.GATEWAY_MAX_ALIASES,
  maxTokens: settings.GATEWAY_MAX_TOKENS,
  maxBodyBytes: settings.GATEWAY_MAX_BODY_BYTES,
});

/** The query limits of a gateway whose environment sets none: what the explorer's and the demo's operations must fit. */
export const defaultQueryLimits = (): QueryLimits => queryLimitsOf(environment.parse({}));

/** Room a storeDocument request needs besides the document's base64. */
const DOCUMENT_REQUEST_OVERHEAD_BYTES = 2048;

/** Reads everything `org`'s gateway needs, or throws one error listing every problem found. */
export function loadConfig(org: string, env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const problems: string[] = [];
  const attempt = <T>(what: string, read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      problems.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  const parsed = environment.safeParse(env);
  if (!parsed.success) {
    problems.push(...parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  if (parsed.success) {
    const { GATEWAY_MAX_DOCUMENT_BYTES: document, GATEWAY_MAX_BODY_BYTES: body } = parsed.data;
    const needed = Math.ceil(document / 3) * 4 + DOCUMENT_REQUEST_OVERHEAD_BYTES;
    if (needed > body)
      problems.push(
        `GATEWAY_MAX_DOCUMENT_BYTES: a ${document}-byte document needs a ${needed}-byte request; GATEWAY_MAX_BODY_BYTES is ${body}`,
      );
  }
  const topology = attempt('network/topology.yaml', () => loadTopology());
  const own = topology && attempt('organisation', () => organisation(topology, org));
  const url = attempt('database', () => serviceDatabaseUrl('gateway', org, env));

  if (!parsed.success || topology === undefined || own === undefined || url === undefined || problems.length > 0) {
    throw new Error(`the gateway's configuration is not valid:\n  ${problems.join('\n  ')}`);
  }
  const settings = parsed.data;
  return {
    topology,
    organisation: own,
    listen: own.gateway,
    databaseUrl: url,
    keyEncryptionKey: settings.GATEWAY_KEY_ENCRYPTION_KEY
      ? { kind: 'environment', key: settings.GATEWAY_KEY_ENCRYPTION_KEY }
      : { kind: 'file', file: path.join(gatewayDataDir(own.name), 'key-encryption-key') },
    demoPeopleFile: path.join(gatewayDataDir(own.name), 'demo-people.json'),
    limits: queryLimitsOf(settings),
    loginAttemptsPerMinute: settings.GATEWAY_LOGIN_ATTEMPTS_PER_MINUTE,
    graphiql: settings.GATEWAY_DEV === '1',
    allowedOrigins: settings.GATEWAY_ALLOWED_ORIGINS,
    trustedProxies: settings.GATEWAY_TRUSTED_PROXIES,
    maxDocumentBytes: settings.GATEWAY_MAX_DOCUMENT_BYTES,
  };
}
