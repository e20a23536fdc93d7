// systemd units for one organisation's part on a host of its own: each runs exactly the launch the supervisor starts
// (`npm run up -- --org <Name>`), nodes and services alike, so what a host runs under systemd and what the tests run
// are the same commands.
// docs/deployment.md says how to install them. The registrar's password is no part of any: a CA is made once by
// `npm run up -- --org <Name>`, and its unit only starts it.
import path from 'node:path';
import { logFile, type Launch } from '@plasma/platform';
import { type Organisation, repoRoot } from '@plasma/network';
import { chaincodeServerLaunch, type Deployment } from './chaincode';
import { caLaunch } from './identities';
import { ordererLaunch, peerLaunch } from './nodes';
import { organisationServices } from './services';

export interface Unit {
  /** Its file name under /etc/systemd/system. */
  readonly file: string;
  readonly text: string;
}

export const unitName = (node: string): string => `plasma-${node}.service`;

/** One word of a command line or an assignment as systemd reads it: quoted when it must be, `%` and `$` doubled. */
export function systemdWord(word: string): string {
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? escaped : `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function unit(org: Organisation, launch: Launch, what: string, after: readonly string[] = []): Unit {
  const log = logFile(launch.name);
  const lines = [
    '[Unit]',
    `Description=Plasma traceability: ${launch.name}, ${org.name}'s ${what}`,
    'Wants=network-online.target',
    `After=${['network-online.target', ...after.map(unitName)].join(' ')}`,
    '',
    '[Service]',
    'Type=simple',
    `WorkingDirectory=${systemdWord(launch.cwd ?? repoRoot)}`,
    // The supervisor's nodes inherit its PATH; a peer's chaincode builder runs `node` from it.
    `Environment=${systemdWord(`PATH=${path.dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`)}`,
    ...Object.entries(launch.env ?? {}).map(([name, value]) => `Environment=${systemdWord(`${name}=${value}`)}`),
    `ExecStart=${[launch.command, ...launch.args].map(systemdWord).join(' ')}`,
    ...(launch.stopSignal ? [`KillSignal=${launch.stopSignal}`] : []),
    // As the supervisor does: everything it writes private to its owner, its log beside the others.
    'UMask=0077',
    `StandardOutput=append:${log}`,
    `StandardError=append:${log}`,
    'Restart=on-failure',
    'RestartSec=5',
    'NoNewPrivileges=yes',
    'PrivateTmp=yes',
    'ProtectSystem=full',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ];
  return { file: unitName(launch.name), text: lines.join('\n') };
}

/**
 * The units of the organisation's CA, orderers, chaincode server and peers, running the deployed chaincode package,
 * then of its services (indexer, cold-chain ingest, gateway), each after its peers. Its database is the PostgreSQL
 * server's own unit, and its people are its admin's to create (`createPerson`): no demo people are seeded.
 */
export function systemdUnits(org: Organisation, deployment: Deployment): Unit[] {
  const packageId = deployment.packageIds[org.name];
  if (!packageId) throw new Error(`no chaincode package recorded for ${org.name}; run 'npm run up' first`);
  return [
    unit(org, caLaunch(org), 'certificate authority'),
    ...org.orderers.map((o) => unit(org, ordererLaunch(o), 'orderer')),
    unit(org, chaincodeServerLaunch(org, packageId), 'chaincode server'),
    // A peer connects to its organisation's chaincode server; it starts after it.
    ...org.peers.map((p) => unit(org, peerLaunch(org, p), 'peer', [org.chaincodeServer.name])),
    ...organisationServices(org).flatMap((service) =>
      service.launch
        ? [
            unit(
              org,
              service.launch,
              service.kind,
              org.peers.map((p) => p.name),
            ),
          ]
        : [],
    ),
  ];
}
