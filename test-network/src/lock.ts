// One launcher at a time: two `up`s (or an `up` and a `deploy`) at once would approve and commit
// chaincode definitions against each other and leave peers waiting for a chaincode that never comes.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { runDir } from '@plasma/network';
import { sleep } from '@plasma/platform';

const lockFile = path.join(runDir, 'launcher.lock');

function holder(): number | undefined {
  try {
    const pid = Number(readFileSync(lockFile, 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** Runs `work` holding the launcher lock, waiting for another launcher to finish first. */
export async function withLauncherLock<T>(
  work: () => Promise<T>,
  progress: (message: string) => void,
  timeoutMs = 15 * 60_000,
): Promise<T> {
  mkdirSync(runDir, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch {
      const pid = holder();
      if (pid === undefined || pid === process.pid) {
        rmSync(lockFile, { force: true }); // left by a launcher that died
        continue;
      }
      if (Date.now() > deadline) throw new Error(`another launcher (pid ${pid}) has held ${lockFile} for too long`);
      if (!announced) progress(`waiting for another launcher (pid ${pid}) to finish`);
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockFile, { force: true });
  }
}
