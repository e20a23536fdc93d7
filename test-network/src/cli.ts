// npm run up [-- --org <Name> [--print-units]] | down [-- --clean | --org <Name>] | status [-- --json] [--org <Name>] | deploy
// | add-org -- <Name> [--remove] | backup -- [--org <Name>] --out <dir> [--passphrase-file <file>]
// | restore -- <dir> [--passphrase-file <file>]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataRoot, loadTopology, logsDir, organisation, type Organisation, type Topology } from '@plasma/network';
import { errorMessage } from '@plasma/platform';
import { addOrganisation, down, redeploy, removeOrganisation, up } from './launcher';
import { networkStatus, type NodeStatus } from './health';
import { readDeployment } from './chaincode';
import { systemdUnits } from './units';
import { backup, restore } from './backup/backup';

/** A clock offset in seconds, signed: `+0.3 s`, `0.0 s`; `-` when the node shows no clock. */
function clock(offsetMs: number | null): string {
  if (offsetMs === null) return '-';
  const seconds = (Math.abs(offsetMs) / 1000).toFixed(1);
  return seconds === '0.0' ? '0.0 s' : `${offsetMs > 0 ? '+' : '-'}${seconds} s`;
}

function table(nodes: readonly NodeStatus[]): string {
  const rows = [
    ['NODE', 'KIND', 'ORG', 'ADDRESS', 'PID', 'CLOCK', 'HEALTH'],
    ...nodes.map((n) => [n.name, n.kind, n.org, n.address, String(n.pid ?? '-'), clock(n.clockOffsetMs), n.detail]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}

/** `up --org <Name> --print-units`: the systemd units of that organisation's part, each after a line naming its file. */
function printUnits(org: Organisation | undefined): number {
  if (org === undefined) throw new Error(`--print-units prints one organisation's units: add --org <Name>`);
  const deployment = readDeployment();
  if (deployment === undefined) throw new Error(`no chaincode deployed on this host yet: run 'npm run up' first`);
  for (const { file, text } of systemdUnits(org, deployment)) console.log(`# /etc/systemd/system/${file}\n${text}`);
  return 0;
}

/** The value after `flag`, or undefined when the flag is not given. */
function flagValue(flags: readonly string[], flag: string): string | undefined {
  const at = flags.indexOf(flag);
  if (at === -1) return undefined;
  const value = flags[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value`);
  return value;
}

/** The backup passphrase: from a file (--passphrase-file), else PLASMA_BACKUP_PASSPHRASE; never from the command line. */
function passphrase(flags: readonly string[]): string | undefined {
  const file = flagValue(flags, '--passphrase-file');
  const given = file === undefined ? process.env.PLASMA_BACKUP_PASSPHRASE : readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  // Every process this one starts (nodes, PostgreSQL, gateways) inherits its environment: the passphrase stays here.
  delete process.env.PLASMA_BACKUP_PASSPHRASE;
  return given;
}

/** `--org <Name>`: one organisation's part instead of every organisation of the topology. */
function organisationFlag(topology: Topology, flags: readonly string[]): Organisation | undefined {
  const at = flags.indexOf('--org');
  if (at === -1) return undefined;
  const name = flags[at + 1];
  if (name === undefined || name.startsWith('--'))
    throw new Error(`--org needs an organisation: ${topology.organisations.map((o) => o.name).join(', ')}`);
  return organisation(topology, name);
}

async function main(): Promise<number> {
  const [command, ...flags] = process.argv.slice(2);
  const topology = loadTopology();
  const org = command === 'add-org' ? undefined : organisationFlag(topology, flags);
  const log = (message: string): void => console.log(message);
  switch (command) {
    case 'up': {
      if (flags.includes('--print-units')) return printUnits(org);
      await up(topology, log, org);
      const nodes = await networkStatus(topology, org);
      const stop = `npm run down${org ? ` -- --org ${org.name}` : '   (add -- --clean to delete the ledgers)'}`;
      console.log(`\n${table(nodes)}\n\nLogs: ${logsDir}\nData: ${dataRoot}\nStop: ${stop}`);
      return nodes.every((n) => n.healthy) ? 0 : 1;
    }
    case 'down':
      await down(topology, flags.includes('--clean'), log, org);
      return 0;
    case 'deploy':
      await redeploy(topology, log);
      return 0;
    case 'add-org': {
      const name = flags.find((flag) => !flag.startsWith('--'));
      if (name === undefined) throw new Error('add-org needs the name of a candidate in network/candidates (e.g. StationC)');
      await (flags.includes('--remove') ? removeOrganisation : addOrganisation)(topology, name, log);
      return 0;
    }
    case 'backup': {
      const out = flagValue(flags, '--out');
      if (out === undefined) throw new Error('backup needs --out <dir>: a new folder for the backup');
      await backup(
        topology,
        { organisations: org ? [org] : topology.organisations, out: path.resolve(out), passphrase: passphrase(flags) },
        log,
      );
      return 0;
    }
    case 'restore': {
      const dir = flags.find((flag, i) => !flag.startsWith('--') && flags[i - 1] !== '--passphrase-file');
      if (dir === undefined) throw new Error('restore needs the folder of a backup');
      const checks = await restore(topology, path.resolve(dir), passphrase(flags), log);
      return checks.every((c) => c.differing.length === 0 && c.brokenWindows.length === 0) ? 0 : 1;
    }
    case 'status': {
      const nodes = await networkStatus(topology, org);
      console.log(flags.includes('--json') ? JSON.stringify(nodes, null, 2) : table(nodes));
      return nodes.every((n) => n.healthy) ? 0 : 1;
    }
    default:
      console.error(
        'usage: cli.ts up [--org <Name> [--print-units]] | down [--clean | --org <Name>] | status [--json] [--org <Name>] | deploy | add-org <Name> [--remove]\n' +
          '       | backup [--org <Name>] --out <dir> [--passphrase-file <file>] | restore <dir> [--passphrase-file <file>]',
      );
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`error: ${errorMessage(error)}`);
    process.exit(1);
  },
);
