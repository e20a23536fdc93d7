// The process supervisor: native processes of the network and our own services, started detached with their output
// in a log file, remembered by process id, stopped by that id. A pid file is trusted only while the process still
// runs our binary.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  existsSync,
  fchmodSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import { dataHome, dataRoot, databaseHome, logsDir, repoRoot, runDir } from '@plasma/network';

export interface Launch {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  /**
   * How the node asks to be stopped when it stops its own children (PostgreSQL: SIGINT, a fast shutdown that
   * ends client sessions). Without it the whole process group gets SIGTERM.
   */
  readonly stopSignal?: NodeJS.Signals;
  /** Run as another user (PostgreSQL will not run as root). */
  readonly uid?: number;
  readonly gid?: number;
}

interface PidRecord {
  readonly pid: number;
  readonly command: string;
  readonly stopSignal?: NodeJS.Signals;
}

/**
 * Makes everything this process and the nodes it starts write from now on private to this host's owner: keys,
 * secrets, CA databases, ledgers, configuration (files 0600, folders 0700). Only the way through is open: others may
 * pass through the data folders without listing them (the database's own user to its cluster), and logs are 0640 in
 * a 0750 folder, for a log reader of the owner's group.
 */
export function keepWritesPrivate(): void {
  process.umask(0o077);
  // What an older launcher wrote under another umask (a CA's configuration with its registrar's password, 0644) is
  // made private too; the passages and logs are opened again just below.
  if (existsSync(dataHome)) execFileSync('chmod', ['-R', 'go-rwx', dataHome]);
  for (const [dir, mode] of [
    [dataHome, 0o711],
    [dataRoot, 0o711],
    [databaseHome, 0o711],
    [logsDir, 0o750],
    [runDir, 0o700],
  ] as const) {
    mkdirSync(dir, { recursive: true });
    chmodSync(dir, mode);
  }
  for (const log of readdirSync(logsDir)) chmodSync(path.join(logsDir, log), 0o640);
}

/** Runs `fork` (which starts a process, inheriting the umask) under the private umask, whatever the caller's. */
function withPrivateUmask<T>(fork: () => T): T {
  const callers = process.umask(0o077);
  try {
    return fork();
  } finally {
    process.umask(callers);
  }
}

const pidFile = (name: string): string => path.join(runDir, `${name}.pid`);
export const logFile = (name: string): string => path.join(logsDir, `${name}.log`);

export function start(launch: Launch): number {
  mkdirSync(runDir, { recursive: true });
  mkdirSync(logsDir, { recursive: true });
  const log = openSync(logFile(launch.name), 'a');
  try {
    fchmodSync(log, 0o640);
    // Detached in its own session, so that it outlives this command and holds no terminal or pipe open. It writes
    // privately whoever starts it (see keepWritesPrivate): a node restarted by a test is no exception.
    const child = withPrivateUmask(() =>
      spawn(launch.command, launch.args, {
        cwd: launch.cwd,
        uid: launch.uid,
        gid: launch.gid,
        env: { ...process.env, ...launch.env },
        detached: true,
        stdio: ['ignore', log, log],
      }),
    );
    if (child.pid === undefined) throw new Error(`could not start ${launch.name} (${launch.command})`);
    child.unref();
    const record: PidRecord = { pid: child.pid, command: launch.command, stopSignal: launch.stopSignal };
    writeFileSync(pidFile(launch.name), JSON.stringify(record));
    return child.pid;
  } finally {
    closeSync(log);
  }
}

/** How one of our TypeScript services runs: from source through tsx, like the launcher itself. */
export function typeScriptLaunch(
  name: string,
  entry: string,
  args: readonly string[] = [],
  env: Readonly<Record<string, string>> = {},
): Launch {
  return { name, command: process.execPath, args: ['--import', 'tsx', entry, ...args], env, cwd: repoRoot };
}

/** Starts a launch unless its process runs already. */
export function startUnlessRunning(launch: Launch): void {
  if (runningPid(launch.name) === undefined) start(launch);
}

/** The process id of a running node, or undefined when it is not running (a stale pid file is removed). */
export function runningPid(name: string): number | undefined {
  const file = pidFile(name);
  if (!existsSync(file)) return undefined;
  const record = JSON.parse(readFileSync(file, 'utf8')) as PidRecord;
  if (isOurs(record)) return record.pid;
  rmSync(file, { force: true });
  return undefined;
}

function isOurs(record: PidRecord): boolean {
  try {
    const cmdline = readFileSync(`/proc/${record.pid}/cmdline`, 'utf8');
    const stat = readFileSync(`/proc/${record.pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && cmdline.split('\0').some((part) => part === record.command || part.endsWith(path.basename(record.command)));
  } catch {
    return false;
  }
}

/** Stops a node: SIGTERM, then SIGKILL if it has not exited within the grace period. */
export async function stop(name: string, graceMs = 10_000): Promise<boolean> {
  const pid = runningPid(name);
  if (pid === undefined) return false;
  const { stopSignal } = JSON.parse(readFileSync(pidFile(name), 'utf8')) as PidRecord;
  if (stopSignal) process.kill(pid, stopSignal);
  else signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (runningPid(name) !== undefined && Date.now() < deadline) await sleep(100);
  if (runningPid(name) !== undefined) signal(pid, 'SIGKILL');
  while (runningPid(name) !== undefined) await sleep(50);
  rmSync(pidFile(name), { force: true });
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(-pid, sig); // the whole process group: a node and any helper it spawned
  } catch {
    try {
      process.kill(pid, sig);
    } catch {
      /* already gone */
    }
  }
}

/** Fails with a clear message when another process already listens on the port. */
export function assertPortFree(host: string, port: number, purpose: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `port ${host}:${port} (${purpose}) is in use by another process; stop it or change the port in network/topology.yaml`
            : `cannot listen on ${host}:${port} (${purpose}): ${error.message}`,
        ),
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Whether something accepts TCP connections on the port. */
export function accepting(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls until `check` returns true, or fails naming what was awaited and where to look. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000, hint = ''): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${hint ? `; ${hint}` : ''}`);
}
