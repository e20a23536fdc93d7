// What every long-running service of the system (the database server; each organisation's indexer, gateway and cold-chain
// ingest; the device simulator) shows the launcher: a name, how to start and stop it, and whether it is healthy. The launcher composes
// these descriptors and knows nothing else of the services; the services know nothing of the launcher.
import type { Topology } from '@plasma/network';
import type { Launch } from './processes';

export type ServiceKind = 'database' | 'indexer' | 'gateway' | 'cold-chain';

export interface ServiceContext {
  readonly topology: Topology;
  /** One line for the person watching `npm run up`. */
  readonly progress: (message: string) => void;
}

export interface ServiceHealth {
  /** Where it answers (host:port or a URL), or '-' for a process that serves nothing. */
  readonly address: string;
  /** Its process id, or null when it is not running. */
  readonly pid: number | null;
  readonly healthy: boolean;
}

export interface Service {
  /** Its process's name: pid file, log file (.data/network/logs/<name>.log), status line. */
  readonly name: string;
  readonly kind: ServiceKind;
  /** The organisation it works for; none for what this host runs for all (its PostgreSQL server, the device simulator). */
  readonly org?: string;
  /** The process an organisation's service runs, for a systemd unit (test-network/src/units.ts). */
  readonly launch?: Launch;
  /** Starts it unless it runs already, and resolves once it serves; fails naming what it waited for and where to look. */
  start(context: ServiceContext): Promise<void>;
  /** Stops it by its process id; true when it was running. */
  stop(): Promise<boolean>;
  health(topology: Topology): Promise<ServiceHealth>;
}

const ORGANISATION_VARIABLE = 'PLASMA_ORGANISATION';

/** The environment that tells a service's process which organisation it works for (read by organisationOfProcess). */
export const organisationEnvironment = (org: string): Record<string, string> => ({ [ORGANISATION_VARIABLE]: org });

/**
 * The organisation a service's process works for, from `PLASMA_ORGANISATION` (the launcher sets it; a systemd unit
 * would too).
 */
export function organisationOfProcess(env: NodeJS.ProcessEnv = process.env): string {
  const org = env[ORGANISATION_VARIABLE];
  if (!org) throw new Error('PLASMA_ORGANISATION: must name the organisation this process works for, e.g. Factory');
  return org;
}
