// The composition root: builds every service of an organisation's gateway by hand from its configuration, mounts the
// GraphQL modules and listens. The one place that knows how the parts fit together.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'pg';
import { adminUser, type Organisation, type Topology } from '@plasma/network';
import type { GatewayConfig } from './config';
import { createPool } from '@plasma/platform';
import { graphqlServer } from './graphql/graphql-server';
import type { GraphQLModule } from './graphql/module';
import { baseModule } from './graphql/modules/base/base-module';
import { donationModule } from './graphql/modules/donation/donation-module';
import { donorModule } from './graphql/modules/donor/donor-module';
import { dossierModule } from './graphql/modules/dossier/dossier-module';
import { epcisModule } from './graphql/modules/epcis/epcis-module';
import { explorerModule } from './graphql/modules/explorer/explorer-module';
import { lineageModule } from './graphql/modules/lineage/lineage-module';
import { recordsModule } from './graphql/modules/records/records-module';
import { custodyModule } from './graphql/modules/custody/custody-module';
import { governanceModule } from './graphql/modules/governance/governance-module';
import { masterBatchRecordModule } from './graphql/modules/master-batch-record/master-batch-record-module';
import { documentsModule } from './graphql/modules/documents/documents-module';
import { verificationModule } from './graphql/modules/verification/verification-module';
import { coldChainModule } from './graphql/modules/cold-chain/cold-chain-module';
import { coldChainReads } from './cold-chain/cold-chain-reads';
import { documentRepository } from './documents/document-repository';
import { documentService, type DocumentService } from './documents/documents';
import { verificationService } from './verification/verification';
import { auditProjection, type ProjectionAudit } from './verification/projection-audit';
import { releaseModule } from './graphql/modules/release/release-module';
import { lotRelease } from './release/lot-release';
import { recordSigning } from './signatures/record-signing';
import { ledgerRepository } from './explorer/ledger-repository';
import { blockNotifications, type BlockNotifications } from './explorer/block-notifications';
import { peopleModule } from './graphql/modules/people/people-module';
import { signingModule } from './graphql/modules/signing/signing-module';
import { httpApp } from './http/app';
import { peerPool, type PeerPool } from './ledger/peer-pool';
import { personLedger, type PersonLedger } from './ledger/person-ledger';
import { blockEvents, type BlockEvents } from './ledger/block-events';
import {
  attemptLimiter,
  certificateAuthorities,
  deviceService,
  electronicSignatures,
  identities as openIdentities,
  mspIdOf,
  openKeyVault,
  organisationRegistrar,
  peopleRepository,
  peopleService,
  readScopes,
  revocations,
  securityLog,
  sessionRepository,
  sessionService,
  signingSessions,
  type DeviceService,
  type ElectronicSignatures,
  type Identities,
  type PeopleService,
  type ReadScopes,
  type SessionService,
  type SecurityLog,
  type SigningSessions,
} from './people';
import { securityLogAnchoring, type SecurityLogAnchoring } from './verification/security-log-anchor';
import type { QueryLimits } from './config';

/** Everything a GraphQL module may be built from. */
export interface GatewayServices {
  readonly topology: Topology;
  /** Whose gateway this is. */
  readonly organisation: Organisation;
  readonly pool: Pool;
  readonly peers: PeerPool;
  readonly identities: Identities;
  readonly people: PeopleService;
  readonly sessions: SessionService;
  readonly signatures: ElectronicSignatures;
  /** Transactions signed by the acting person. */
  readonly ledger: PersonLedger;
  /** Blocks as the indexer commits them, for subscriptions. */
  readonly blocks: BlockNotifications;
  /** Off-chain documents the ledger cites by hash. */
  readonly documents: DocumentService;
  /** People's own devices, whose keys sign for them. */
  readonly devices: DeviceService;
  /** Operations waiting for a device's signatures. */
  readonly signing: SigningSessions;
  /** The organisation's hash-chained security log. */
  readonly securityLog: SecurityLog;
  /** Its head anchored on the ledger, and the log checked against the anchor. */
  readonly securityLogAnchoring: SecurityLogAnchoring;
  /** What each person may read of the projection. */
  readonly readScopes: ReadScopes;
  /** The events of a transaction as its block holds them (read through the organisation's service identity). */
  readonly blockEvents: BlockEvents;
  readonly limits: QueryLimits;
}

/** The API's modules; a new domain adds its module here. */
export function gatewayModules(services: GatewayServices): GraphQLModule[] {
  const signing = recordSigning(services);
  return [
    baseModule(),
    peopleModule(services),
    signingModule(services),
    donationModule(services.ledger, signing),
    donorModule(services),
    explorerModule(services),
    lineageModule(services),
    recordsModule(services),
    epcisModule(services),
    custodyModule(services.ledger, services.documents, signing),
    governanceModule(services, signing),
    masterBatchRecordModule(services),
    documentsModule(services.documents),
    verificationModule(
      verificationService({
        pool: services.pool,
        ledger: services.ledger,
        documents: documentRepository(services.pool),
        trails: ledgerRepository(services.pool, services.topology.channel),
        readScopes: services.readScopes,
        blocks: services.blockEvents,
      }),
    ),
    releaseModule(lotRelease({ ...services, signing })),
    dossierModule(services),
    coldChainModule(coldChainReads(services), services.readScopes),
  ];
}

export interface GatewayOptions {
  /** Which modules to serve; the gateway's own by default. */
  readonly modules?: (services: GatewayServices) => GraphQLModule[];
  /** Where unexpected errors are written, under the id their masked answer carries. */
  readonly logError?: (errorId: string, error: unknown) => void;
}

export interface RunningGateway {
  /** e.g. http://127.0.0.1:4300 (the Factory's) */
  readonly url: string;
  readonly services: GatewayServices;
  close(): Promise<void>;
}

/** How often the security log's head is anchored on the ledger, when it has grown. */
const SECURITY_LOG_ANCHOR_INTERVAL_MS = 15 * 60_000;
/** A person signs at their device within two minutes, or the operation is abandoned. */
const SIGNATURE_TIMEOUT_MS = 120_000;
/** Enough for a person with a few tabs open; each waits in memory. */
const MAX_OPEN_SIGNINGS_PER_PERSON = 8;

export function gatewayServices(config: GatewayConfig, pool: Pool): GatewayServices {
  const { topology } = config;
  const vault = openKeyVault(config.keyEncryptionKey);
  const people = peopleRepository(pool, mspIdOf(topology));
  const identities = openIdentities(people, vault);
  const peers = peerPool(config.organisation);
  const certificateAuthorityOf = certificateAuthorities(topology);
  const log = securityLog(pool);
  const sessions = sessionService({
    organisation: config.organisation,
    people,
    sessions: sessionRepository(pool, mspIdOf(topology)),
    loginAttemptsPerMinute: config.loginAttemptsPerMinute,
    securityLog: log,
  });
  const signing = signingSessions({ signatureTimeoutMs: SIGNATURE_TIMEOUT_MS, maxOpenPerPerson: MAX_OPEN_SIGNINGS_PER_PERSON });
  const registrarOf = organisationRegistrar(people, identities);
  const published = revocations({ topology, certificateAuthorityOf, registrarOf });
  const devices = deviceService({
    topology,
    pool,
    people,
    certificateAuthorityOf,
    registrarOf,
    revocations: published,
    signing,
    securityLog: log,
  });
  const blocksRead = blockEvents(topology, config.organisation.name);
  const ledger = personLedger({ topology, peers, identities, answers: blocksRead });
  return {
    topology,
    organisation: config.organisation,
    pool,
    peers,
    identities,
    people: peopleService({
      topology,
      people,
      identities,
      vault,
      certificateAuthorityOf,
      sessions,
      devices,
      signing,
      revocations: published,
      securityLog: log,
    }),
    sessions,
    signatures: electronicSignatures({ people, identities, attempts: attemptLimiter(config.loginAttemptsPerMinute), securityLog: log }),
    ledger,
    blocks: blockNotifications(config.databaseUrl),
    documents: documentService({ topology, repository: documentRepository(pool), maxDocumentBytes: config.maxDocumentBytes }),
    devices,
    signing,
    securityLog: log,
    securityLogAnchoring: securityLogAnchoring({ organisation: config.organisation, people, ledger, securityLog: log }),
    readScopes: readScopes(pool, topology),
    blockEvents: blocksRead,
    limits: config.limits,
  };
}

/**
 * Every object of the organisation's projection verified against the ledger, as its admin (projection-audit.ts): after a
 * restore, or before an inspection. Every row is the operator's own to check, so no read scope narrows it.
 */
export async function auditOrganisationProjection(config: GatewayConfig): Promise<ProjectionAudit> {
  const pool = createPool(config.databaseUrl);
  const services = gatewayServices(config, pool);
  try {
    const admin = await peopleRepository(pool, mspIdOf(config.topology)).find(config.organisation.name, adminUser);
    if (!admin) throw new Error(`the database of ${config.organisation.name} holds no ${adminUser} to verify its projection as`);
    const verification = verificationService({
      pool,
      ledger: services.ledger,
      documents: documentRepository(pool),
      trails: ledgerRepository(pool, config.topology.channel),
      readScopes: { require: () => Promise.resolve() },
      blocks: services.blockEvents,
    });
    return await auditProjection(pool, verification, admin);
  } finally {
    services.peers.close();
    services.blockEvents.close();
    await services.blocks.close();
    await pool.end();
  }
}

const logToConsole = (errorId: string, error: unknown): void => {
  console.error(`gateway: unexpected error ${errorId}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
};

/** Builds the gateway and listens on the configured address (port 0: any free port). */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<RunningGateway> {
  const pool = createPool(config.databaseUrl);
  const services = gatewayServices(config, pool);
  const logError = options.logError ?? logToConsole;
  const graphql = graphqlServer({
    modules: (options.modules ?? gatewayModules)(services),
    sessions: services.sessions,
    limits: config.limits,
    graphiql: config.graphiql,
    allowedOrigins: config.allowedOrigins,
    logError,
  });
  const app = httpApp({
    graphql,
    maxBodyBytes: config.limits.maxBodyBytes,
    healthy: async () => (await pool.query('SELECT 1')).rowCount === 1,
    logError,
    trustedProxies: config.trustedProxies,
  });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.listen.port, config.listen.host, () => resolve(listening));
    listening.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const stopAnchoring = services.securityLogAnchoring.every(SECURITY_LOG_ANCHOR_INTERVAL_MS, (error) =>
    logError('security-log-anchor', error),
  );
  return {
    url: `http://${config.listen.host}:${port}`,
    services,
    async close() {
      stopAnchoring();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      services.peers.close();
      services.blockEvents.close();
      await services.blocks.close();
      await pool.end();
    },
  };
}
