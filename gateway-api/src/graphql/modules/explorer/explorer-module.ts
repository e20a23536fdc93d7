// The read side: donations, blocks, transactions, audit trails and the network's health, all served
// from the indexer's projection in PostgreSQL (the ledger is written to, never scanned, by reads).
import { createHash } from 'node:crypto';
import { DONATION_STATUSES } from '@plasma/chaincode';
import { allNodes, beyondTolerance, clockToleranceMs, probeNode, type Organisation, type Topology } from '@plasma/network';
import type { Pool } from 'pg';
import { alarmRepository, alarmStream, type Alarm } from '../../../explorer/alarms';
import { auditTrail, auditTrailCsv } from '../../../explorer/audit-trail';
import type { BlockIndexed, BlockNotifications } from '../../../explorer/block-notifications';
import type { BlockEvents } from '../../../ledger/block-events';
import { ledgerRepository, type BlockRow, type TransactionRow } from '../../../explorer/ledger-repository';
import { dinKeyOf, validationError, wholeNumberIn } from '../../../errors';
import type { DeviceService } from '../../../people/devices';
import type { Person } from '../../../people/person';
import type { ReadScopes } from '../../../people/read-scope';
import type { SessionService } from '../../../people/sessions';
import { requirePerson, type GatewayContext } from '../../context';
import { schemaFile, type GraphQLModule } from '../../module';

const MAX_ROWS = 10_000;

const limit = (value: number, field: string, max = MAX_ROWS): number => wholeNumberIn(value, field, 1, max);

/** A transaction as GraphQL answers it; `signingKey` is resolved by Transaction.signingKey, from the row. */
const transaction = (row: TransactionRow) => ({
  row,
  id: row.tx_id,
  blockNumber: row.block_number,
  index: row.tx_index,
  validationCode: row.validation_code,
  valid: row.is_valid,
  organisation: row.creator_msp,
  submitter: row.creator_name,
  endorsers: row.endorsers,
  chaincode: row.chaincode,
  function: row.function_name,
  createdAt: row.created_at,
  event: row.event_payload, // the chaincode's event as the indexer stored it; LedgerEvent serves its envelope
});

/** What auditTrail and auditTrailExport take: where and when to look, and whose acts. */
interface AuditArgs {
  readonly objectType?: string | null;
  readonly objectId?: string | null;
  readonly event?: string | null;
  readonly who?: string | null;
  readonly organisation?: string | null;
  readonly from?: Date | null;
  readonly to?: Date | null;
  readonly limit: number;
}

export function explorerModule(services: {
  readonly pool: Pool;
  readonly topology: Topology;
  readonly organisation: Organisation;
  readonly blocks: BlockNotifications;
  readonly sessions: Pick<SessionService, 'whileSessionLasts'>;
  readonly devices: Pick<DeviceService, 'keyOf'>;
  readonly readScopes: ReadScopes;
  readonly blockEvents: Pick<BlockEvents, 'height'>;
}): GraphQLModule {
  const { readScopes } = services;
  const ledger = ledgerRepository(services.pool, services.topology.channel);
  const block = (row: BlockRow) => ({
    number: row.number,
    dataHash: row.data_hash,
    previousHash: row.previous_hash,
    transactionCount: row.tx_count,
    indexedAt: row.indexed_at,
    transactions: async () => (await ledger.transactionsOfBlock(row.number)).map(transaction),
  });
  const alarms = alarmRepository(services.pool);
  const trail = (person: Person, args: AuditArgs) =>
    auditTrail(ledger, {
      objectType: args.objectType ?? undefined,
      objectId: args.objectId ?? undefined,
      event: args.event ?? undefined,
      who: args.who ?? undefined,
      organisation: args.organisation ?? undefined,
      from: args.from ?? undefined,
      to: args.to ?? undefined,
      limit: limit(args.limit, 'limit'),
      reader: readScopes.readerOf(person),
    });
  const readableAlarms = (person: Person) => (found: readonly Alarm[]) =>
    readScopes.keepReadable(person, found, (alarm) => ({ type: alarm.objectType, id: alarm.objectId }));

  return {
    typeDefs: schemaFile(__dirname, 'explorer.graphql'),
    resolvers: {
      Transaction: {
        // What this gateway knows: its own organisation's people's certificates. Another organisation's gateway
        // knows which of its keys signed its transactions.
        signingKey: ({ row }: { row: TransactionRow }) =>
          row.creator_msp !== services.organisation.mspId || row.creator_certificate_sha256 === null
            ? null
            : services.devices.keyOf(services.organisation.name, row.creator_name, row.creator_certificate_sha256),
      },
      Subscription: {
        blockAdded: {
          subscribe: (_: unknown, __: unknown, context: GatewayContext) =>
            services.sessions.whileSessionLasts(context.token!, requirePerson(context), services.blocks.subscribe()),
          resolve: (block: BlockIndexed) => block,
        },
        alarmRaised: {
          subscribe: (_: unknown, __: unknown, context: GatewayContext) => {
            const person = requirePerson(context);
            return services.sessions.whileSessionLasts(
              context.token!,
              person,
              alarmStream(services.blocks.subscribe(), alarms, services.topology.channel, readableAlarms(person)),
            );
          },
          resolve: (alarm: Alarm) => alarm,
        },
      },
      Query: {
        donation: async (_: unknown, { din }: { din: string }, context: GatewayContext) => {
          const person = requirePerson(context);
          const key = dinKeyOf(din, 'din');
          const { rows } = await services.pool.query<{ record: unknown }>('SELECT record FROM donations WHERE din = $1', [key]);
          if (rows[0] === undefined) return null;
          await readScopes.require(person, 'donation', key);
          return rows[0].record;
        },
        // What the organisation holds it reads today; the read scopes are asked all the same, so that a change to them
        // reaches this list too.
        donationsInCustody: async (
          _: unknown,
          args: { status: string; shipmentId?: string | null; first: number },
          context: GatewayContext,
        ) => {
          const { status, first } = args;
          const person = requirePerson(context);
          if (!(DONATION_STATUSES as readonly string[]).includes(status)) {
            throw validationError('status', `must be one of ${DONATION_STATUSES.join(', ')}`);
          }
          wholeNumberIn(first, 'first', 1, 500);
          const { rows } = await services.pool.query<{ din: string; record: unknown }>(
            `SELECT din, record FROM donations WHERE coalesce(record ->> 'custodian', station) = $1 AND status = $2
                AND ($3::text IS NULL OR record ->> 'shipmentId' = $3)
              ORDER BY recorded_at, din LIMIT $4`,
            [person.mspId, status, args.shipmentId?.trim() || null, first],
          );
          return (await readScopes.keepReadable(person, rows, (row) => ({ type: 'donation', id: row.din }))).map((row) => row.record);
        },
        block: async (_: unknown, { number }: { number: number }, context: GatewayContext) => {
          requirePerson(context);
          const row = await ledger.block(number);
          return row && block(row);
        },
        blocks: async (_: unknown, args: { last: number }, context: GatewayContext) => {
          requirePerson(context);
          return (await ledger.latestBlocks(limit(args.last, 'last', 100))).map(block);
        },
        transaction: async (_: unknown, { id }: { id: string }, context: GatewayContext) => {
          requirePerson(context);
          const row = await ledger.transaction(id);
          return row && transaction(row);
        },
        transactionStatus: async (_: unknown, { transactionId }: { transactionId: string }, context: GatewayContext) => {
          requirePerson(context);
          // The indexer's height before the row: a block indexed between the two reads then counts as read, and the answer
          // stays true. The peer's height only when asked for (a call to the peer), and after both: a PENDING whose
          // indexedHeight is not below it was in no block even then.
          const indexedHeight = await ledger.indexedHeight();
          const row = await ledger.transaction(transactionId);
          const heights = { indexedHeight, ledgerHeight: () => services.blockEvents.height().catch(() => null) };
          if (row === undefined) return { transactionId, status: 'PENDING' as const, validationCode: null, blockNumber: null, ...heights };
          return {
            transactionId,
            status: row.is_valid ? ('COMMITTED' as const) : ('INVALID' as const),
            validationCode: row.validation_code,
            blockNumber: row.block_number,
            ...heights,
          };
        },
        auditTrail: (_: unknown, args: AuditArgs, context: GatewayContext) => trail(requirePerson(context), args),
        auditTrailExport: async (_: unknown, args: AuditArgs & { format: 'CSV' | 'JSON' }, context: GatewayContext) => {
          const person = requirePerson(context);
          const entries = await trail(person, args);
          const content = args.format === 'CSV' ? auditTrailCsv(entries) : JSON.stringify(entries, null, 2);
          const { objectType, objectId, event, who, organisation, from, to, limit: rows } = args;
          return {
            format: args.format,
            content,
            sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
            query: JSON.stringify({
              objectType: objectType ?? null,
              objectId: objectId ?? null,
              event: event ?? null,
              who: who ?? null,
              organisation: organisation ?? null,
              from: from ?? null,
              to: to ?? null,
              limit: rows,
            }),
            exportedAt: new Date(),
            exportedBy: `${person.username}@${person.org}`,
          };
        },
        alarms: async (_: unknown, args: { last: number }, context: GatewayContext) => {
          const person = requirePerson(context);
          return alarms.recent(limit(args.last, 'last', 500), readableAlarms(person));
        },
        networkStatus: async (_: unknown, __: unknown, context: GatewayContext) => {
          requirePerson(context);
          const toleranceMs = clockToleranceMs(await ledger.clockToleranceMinutes());
          const nodes = await Promise.all(
            allNodes(services.topology).map(async (node) => {
              const { healthy, clock } = await probeNode(node);
              return {
                name: node.name,
                kind: node.kind,
                organisation: node.org,
                address: `${node.host}:${node.port}`,
                healthy,
                clockOffsetMs: clock?.offsetMs ?? null,
                clockBeyondTolerance: clock ? beyondTolerance(clock.offsetMs, toleranceMs) : null,
              };
            }),
          );
          return {
            nodes,
            clockToleranceMs: toleranceMs,
            indexedHeight: () => ledger.indexedHeight(),
            indexerHalt: () => ledger.indexerHalt(),
            throughput: () => ledger.throughput(60),
            recentBlocks: async ({ last }: { last: number }) => (await ledger.latestBlocks(limit(last, 'last', 100))).map(block),
          };
        },
      },
    },
  };
}
