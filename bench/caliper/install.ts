// Hyperledger Caliper for the Caliper bench, installed by the bench itself into a git-ignored folder of its own and
// never into the product's workspaces: the CLI (with Caliper's core and its Fabric connector), then its Fabric 2.x
// binding, which puts @hyperledger/fabric-gateway beside it so that the connector picks its peer-gateway flavour.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@plasma/network';

export const CALIPER_VERSION = '0.6.0';
/** Caliper's name for the binding of Fabric ≥ 2.4 (fabric-gateway) in its own table of bindings. */
export const CALIPER_BINDING = 'fabric:2.4';
/** What caliper-cli 0.6.0 installs for that binding; checked after the install, so a drift is noticed. */
const BOUND_GATEWAY_VERSION = '1.5.0';

export const installDir = path.join(repoRoot, 'bench', 'caliper', '.install');
/** Caliper's CLI: the manager and every worker run as `node <this> launch …` (how the CPU breakdown knows them). */
export const caliperCli = path.join(installDir, 'node_modules', '@hyperledger', 'caliper-cli', 'caliper.js');

const installedVersion = (pkg: string): string | undefined => {
  const manifest = path.join(installDir, 'node_modules', pkg, 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version : undefined;
};

function run(command: string, args: readonly string[], what: string): void {
  mkdirSync(installDir, { recursive: true });
  const result = spawnSync(command, args, { cwd: installDir, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${what} failed (${command} ${args.join(' ')}: exit ${result.status ?? result.signal})`);
}

/** Installs Caliper and binds it, unless the pinned versions are there already. */
export function installCaliper(log: (message: string) => void): void {
  if (installedVersion('@hyperledger/caliper-cli') !== CALIPER_VERSION) {
    log(`installing @hyperledger/caliper-cli@${CALIPER_VERSION} into ${path.relative(repoRoot, installDir)} (about a minute)`);
    run(
      'npm',
      ['install', '--prefix', installDir, '--no-audit', '--no-fund', '--save-exact', `@hyperledger/caliper-cli@${CALIPER_VERSION}`],
      'installing Caliper',
    );
  }
  if (installedVersion('@hyperledger/fabric-gateway') !== BOUND_GATEWAY_VERSION) {
    log(`binding Caliper to ${CALIPER_BINDING}`);
    run(
      process.execPath,
      [caliperCli, 'bind', '--caliper-bind-sut', CALIPER_BINDING, '--caliper-bind-cwd', installDir, '--caliper-bind-args=--save-exact'],
      'binding Caliper',
    );
  }
  const bound = installedVersion('@hyperledger/fabric-gateway');
  if (bound !== BOUND_GATEWAY_VERSION) {
    throw new Error(
      `Caliper's ${CALIPER_BINDING} binding installed @hyperledger/fabric-gateway ${bound ?? 'nothing'}, not ${BOUND_GATEWAY_VERSION}`,
    );
  }
}
