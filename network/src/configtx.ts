// The channel's genesis configuration (configtx.yaml for configtxgen), generated from the topology and the members'
// cards as this host received them.
import { stringify } from 'yaml';
import { address, orderers, type Organisation, type Topology } from './topology';
import { receivedMspDir, receivedOrdererIdentityCert, receivedOrdererTlsCert } from './layout';

export const channelProfile = 'PlasmaChannel';

/** How the orderers cut blocks: after BatchTimeout from a block's first transaction, or at MaxMessageCount of them. */
export interface BlockCutting {
  readonly batchTimeout: string;
  readonly maxMessageCount: number;
}

/**
 * Short batches keep commit latency low; large ones keep throughput up under load. Kept after the sweep of
 * npm run bench -- block-cutting (docs/measurements.md): 100 ms answered sooner at light load and seemed to cost
 * throughput at saturation; 500 ms and 1 s gained nothing there.
 */
export const BLOCK_CUTTING: BlockCutting = { batchTimeout: '250ms', maxMessageCount: 500 };

const signature = (rule: string) => ({ Type: 'Signature', Rule: rule });
const implicit = (rule: string) => ({ Type: 'ImplicitMeta', Rule: rule });
const anyOf = (mspId: string, roles: string[]) => `OR(${roles.map((r) => `'${mspId}.${r}'`).join(', ')})`;

function organisationSection(org: Organisation) {
  const section: Record<string, unknown> = {
    Name: org.mspId,
    ID: org.mspId,
    // As its card describes it (organisation-card.ts: receiveOrganisationCard).
    MSPDir: receivedMspDir(org.name),
    Policies: {
      // Orderer nodes read and sign blocks under their organisation's policies.
      Readers: signature(anyOf(org.mspId, ['admin', 'peer', 'client', 'orderer'])),
      Writers: signature(anyOf(org.mspId, ['admin', 'client', 'orderer'])),
      Admins: signature(anyOf(org.mspId, ['admin'])),
      Endorsement: signature(anyOf(org.mspId, ['peer'])),
    },
    AnchorPeers: org.peers.slice(0, 1).map((p) => ({ Host: p.host, Port: p.port })),
  };
  // With channel capability V3_0 each ordering organisation announces its own endpoints.
  if (org.orderers.length > 0) section.OrdererEndpoints = org.orderers.map(address);
  return section;
}

export function configtx(topology: Topology): string {
  const orgs = topology.organisations.map(organisationSection);
  const orderingOrgs = topology.organisations
    .filter((o) => o.orderers.length > 0)
    .map(organisationSection)
    .map(({ AnchorPeers: _anchors, ...rest }) => rest);
  const applicationOrgs = orgs.map(({ OrdererEndpoints: _endpoints, ...rest }) => rest);

  const consenters = orderers(topology).map((o) => {
    const cert = receivedOrdererTlsCert(o.org, o.name);
    return { Host: o.host, Port: o.port, ClientTLSCert: cert, ServerTLSCert: cert };
  });
  const mspIdOf = (org: string): string => topology.organisations.find((o) => o.name === org)!.mspId;
  // Raft: crash faults, 2f+1 orderers. SmartBFT: f dishonest orderers of 3f+1, each consenter named by its identity.
  const consensus =
    topology.ordering === 'bft'
      ? {
          OrdererType: 'BFT',
          ConsenterMapping: orderers(topology).map((o, index) => ({
            ID: index + 1,
            Host: o.host,
            Port: o.port,
            MSPID: mspIdOf(o.org),
            ClientTLSCert: receivedOrdererTlsCert(o.org, o.name),
            ServerTLSCert: receivedOrdererTlsCert(o.org, o.name),
            Identity: receivedOrdererIdentityCert(o.org, o.name),
          })),
          // Every option given: the orderer takes none as a default once the section is there.
          SmartBFT: {
            RequestBatchMaxCount: 500,
            RequestBatchMaxBytes: 10 * 1024 * 1024,
            RequestBatchMaxInterval: '250ms',
            IncomingMessageBufferSize: 200,
            RequestPoolSize: 100_000,
            RequestForwardTimeout: '2s',
            RequestComplainTimeout: '20s',
            RequestAutoRemoveTimeout: '3m',
            ViewChangeResendInterval: '5s',
            ViewChangeTimeout: '20s',
            LeaderHeartbeatTimeout: '30s',
            LeaderHeartbeatCount: 10,
            CollectTimeout: '1s',
            SyncOnStart: false,
            SpeedUpViewChange: false,
          },
        }
      : {
          OrdererType: 'etcdraft',
          EtcdRaft: {
            Consenters: consenters,
            Options: { TickInterval: '500ms', ElectionTick: 10, HeartbeatTick: 1, MaxInflightBlocks: 5, SnapshotIntervalSize: '16 MB' },
          },
        };

  const profile = {
    Policies: {
      Readers: implicit('ANY Readers'),
      Writers: implicit('ANY Writers'),
      Admins: implicit('MAJORITY Admins'),
    },
    Capabilities: { V3_0: true },
    Orderer: {
      ...consensus,
      BatchTimeout: BLOCK_CUTTING.batchTimeout,
      BatchSize: { MaxMessageCount: BLOCK_CUTTING.maxMessageCount, AbsoluteMaxBytes: '10 MB', PreferredMaxBytes: '2 MB' },
      Organizations: orderingOrgs,
      Policies: {
        Readers: implicit('ANY Readers'),
        Writers: implicit('ANY Writers'),
        Admins: implicit('MAJORITY Admins'),
        BlockValidation: implicit('ANY Writers'),
      },
      Capabilities: { V2_0: true },
    },
    Application: {
      Organizations: applicationOrgs,
      Policies: {
        Readers: implicit('ANY Readers'),
        Writers: implicit('ANY Writers'),
        Admins: implicit('MAJORITY Admins'),
        LifecycleEndorsement: implicit('MAJORITY Endorsement'),
        Endorsement: implicit('MAJORITY Endorsement'),
      },
      Capabilities: { V2_5: true },
    },
  };
  return stringify({ Profiles: { [channelProfile]: profile } });
}

/**
 * A configtx.yaml holding one application member's definition, for `configtxgen -printOrg`: what a channel
 * configuration update adds when the organisation joins (from its card as received).
 */
export function memberConfigtx(org: Organisation): string {
  const { OrdererEndpoints: _endpoints, ...section } = organisationSection(org);
  return stringify({ Organizations: [section] });
}

const memberPeers = (topology: Topology): string => topology.organisations.map((o) => `'${o.mspId}.peer'`).join(', ');

/** The chaincode endorsement policy: peers of N different organisations (records add their owner, key by key). */
export function endorsementPolicy(topology: Topology): string {
  return `OutOf(${topology.chaincode.endorsingOrganisations}, ${memberPeers(topology)})`;
}

/**
 * The policy the chaincode is first committed with: every founding member's peer. The registry and the default rule
 * sets are written under it, each peer vouching for its own organisation's entry; then the chaincode is committed
 * again with endorsementPolicy, by the members' lifecycle approvals.
 */
export function genesisEndorsementPolicy(topology: Topology): string {
  return `OutOf(${topology.organisations.length}, ${memberPeers(topology)})`;
}
