// Per-node configuration for peers and orderers: the release's sample configuration with every value
// that matters for this node (addresses, TLS, MSP, storage, builders) set from the topology.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { address, type OrdererNode, type Organisation, type PeerNode, type Topology } from './topology';
import {
  ccaasBuilder,
  chaincodeClientTlsFiles,
  clientTlsRootCert,
  fabricSampleConfig,
  nodeIdentityDir,
  nodeLedgerDir,
  tlsFiles,
} from './layout';

type Yaml = Record<string, unknown>;

function sample(file: string): Yaml {
  const full = path.join(fabricSampleConfig, file);
  try {
    return parse(readFileSync(full, 'utf8')) as Yaml;
  } catch (error) {
    throw new Error(`cannot read ${full}; run scripts/install-fabric.sh (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Sets `settings` into `base`, section by section: nested sections merge, anything else (a value, a list) replaces
 * the sample's. Returns a new object.
 */
export function mergeSettings(base: Yaml, settings: Yaml): Yaml {
  const merged: Yaml = { ...base };
  for (const [key, value] of Object.entries(settings)) {
    const sampled = merged[key];
    merged[key] = isSection(value) && isSection(sampled) ? mergeSettings(sampled, value) : value;
  }
  return merged;
}

const isSection = (value: unknown): value is Yaml => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The peer's core.yaml: the release's sample with this node's settings. */
export const peerConfig = (topology: Topology, org: Organisation, peer: PeerNode): string =>
  stringify(mergeSettings(sample('core.yaml'), peerSettings(topology, org, peer)));

/** The orderer's orderer.yaml: the release's sample with this node's settings. */
export const ordererConfig = (org: Organisation, orderer: OrdererNode): string =>
  stringify(mergeSettings(sample('orderer.yaml'), ordererSettings(org, orderer)));

/** What this project sets in a peer's core.yaml; everything else is the release's default. */
export function peerSettings(topology: Topology, org: Organisation, peer: PeerNode): Yaml {
  const identity = nodeIdentityDir(org.name, peer.name);
  const tls = tlsFiles(identity);
  const ledger = nodeLedgerDir(peer.name);
  // Gossip within the organisation starts from another of its peers (or itself when it has one).
  const bootstrap = org.peers.find((p) => p.name !== peer.name) ?? peer;
  return {
    peer: {
      id: peer.name,
      networkId: topology.channel,
      listenAddress: `${peer.host}:${peer.port}`,
      address: address(peer),
      chaincodeListenAddress: `${peer.host}:${peer.chaincodePort}`,
      chaincodeAddress: `${peer.host}:${peer.chaincodePort}`,
      localMspId: org.mspId,
      mspConfigPath: identity.msp,
      fileSystemPath: ledger,
      gossip: {
        bootstrap: address(bootstrap),
        // Without an external endpoint other organisations never learn of this peer, and discovery
        // (which the gateway uses to find endorsers) cannot offer it.
        externalEndpoint: address(peer),
        // Every peer pulls blocks from the ordering service itself: no wait for a gossip leader election,
        // and no peer depends on another of its organisation to stay current.
        useLeaderElection: false,
        orgLeader: true,
      },
      tls: { enabled: true, clientAuthRequired: false, cert: { file: tls.cert }, key: { file: tls.key }, rootcert: { file: tls.ca } },
      gateway: { enabled: true },
      // The peer's own time window is a local backstop, wider than the largest tolerance a rule set may govern (60
      // minutes): within it, the chaincode compares the proposal's time with this peer's clock against the governed
      // tolerance and names the field and both times when it refuses (chaincode/src/access/endorsement-time.ts).
      authentication: { timewindow: '61m' },
    },
    ledger: {
      snapshots: { rootDir: path.join(ledger, 'snapshots') },
      history: { enableHistoryDatabase: true },
      state: { stateDatabase: 'goleveldb' },
    },
    // No Docker: chaincode runs as a service, reached through the external builder.
    vm: { endpoint: '' },
    chaincode: {
      externalBuilders: [{ name: 'ccaas', path: ccaasBuilder, propagateEnvironment: Object.keys(chaincodeClientTlsEnv(org, peer)) }],
      // fabric-shim exits on the peer's keepalive messages.
      keepalive: 0,
      // While a redeployment swaps a chaincode server, a launch of the old package cannot succeed; a short
      // start-up timeout makes it fail fast instead of holding the peer's chaincode locks (and with them
      // block commits) for the default five minutes.
      startuptimeout: '15s',
    },
    operations: operations(`${peer.host}:${peer.operationsPort}`, tls, clientTlsRootCert(org.name, 'admin')),
    metrics: { provider: 'prometheus' },
  };
}

/**
 * The TLS client certificate and key the peer presents to its organisation's chaincode server (which takes clients of
 * the organisation's chaincode door only): the peer passes them to the external builder (network/builders/ccaas).
 */
export function chaincodeClientTlsEnv(org: Organisation, peer: PeerNode): Record<string, string> {
  const files = chaincodeClientTlsFiles(org.name, peer.name);
  return { PLASMA_CHAINCODE_CLIENT_CERT: files.cert, PLASMA_CHAINCODE_CLIENT_KEY: files.key };
}

/** What this project sets in an orderer's orderer.yaml; everything else is the release's default. */
export function ordererSettings(org: Organisation, orderer: OrdererNode): Yaml {
  const identity = nodeIdentityDir(org.name, orderer.name);
  const tls = tlsFiles(identity);
  const ledger = nodeLedgerDir(orderer.name);
  return {
    General: {
      ListenAddress: orderer.host,
      ListenPort: orderer.port,
      LocalMSPDir: identity.msp,
      LocalMSPID: org.mspId,
      TLS: { Enabled: true, PrivateKey: tls.key, Certificate: tls.cert, RootCAs: [tls.ca], ClientAuthRequired: false },
      // Raft traffic shares the main listener; the node's TLS certificate is its cluster identity.
      Cluster: { ClientCertificate: tls.cert, ClientPrivateKey: tls.key },
    },
    FileLedger: { Location: path.join(ledger, 'blocks') },
    Consensus: { WALDir: path.join(ledger, 'raft', 'wal'), SnapDir: path.join(ledger, 'raft', 'snapshot') },
    ChannelParticipation: { Enabled: true },
    // Only the organisation's own admins may list, join or leave channels: mutual TLS with its admin client TLS root,
    // which signs nothing else (a certificate of its CA, which every node and person holds, is refused).
    Admin: {
      ListenAddress: `${orderer.host}:${orderer.adminPort}`,
      TLS: {
        Enabled: true,
        Certificate: tls.cert,
        PrivateKey: tls.key,
        ClientAuthRequired: true,
        ClientRootCAs: [clientTlsRootCert(org.name, 'admin')],
      },
    },
    Operations: capitalise(operations(`${orderer.host}:${orderer.operationsPort}`, tls, clientTlsRootCert(org.name, 'admin'))),
    Metrics: { Provider: 'prometheus' },
  };
}

/**
 * The operations endpoint over TLS: /healthz answers anyone; /metrics and /logspec answer only clients with a
 * certificate of `clientCa`, the organisation's admin client TLS root.
 */
function operations(listenAddress: string, tls: { cert: string; key: string }, clientCa: string) {
  return {
    listenAddress,
    tls: {
      enabled: true,
      cert: { file: tls.cert },
      key: { file: tls.key },
      clientAuthRequired: false,
      clientRootCAs: { files: [clientCa] },
    },
  };
}

/** orderer.yaml spells the same operations keys in upper camel case. */
function capitalise(ops: ReturnType<typeof operations>) {
  return {
    ListenAddress: ops.listenAddress,
    TLS: {
      Enabled: true,
      Certificate: ops.tls.cert.file,
      PrivateKey: ops.tls.key.file,
      ClientAuthRequired: false,
      ClientRootCAs: ops.tls.clientRootCAs.files,
    },
  };
}
