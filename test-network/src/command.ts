// Runs a Fabric command-line tool and fails with what it printed, so that errors say what went wrong.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { binary } from '@plasma/network';

export interface CommandResult {
  readonly stdout: string;
  readonly stderr: string;
}

export function fabricBinary(name: string): string {
  const file = binary(name);
  if (!existsSync(file)) throw new Error(`${file} is missing; run 'npm run install:fabric' (npm run up does it for you)`);
  return file;
}

export function run(tool: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(fabricBinary(tool), args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const output = `${stderr}\n${stdout}`.trim().split('\n').slice(-15).join('\n');
        const firstFlag = args.findIndex((a) => a.startsWith('-'));
        const verb = args.slice(0, firstFlag === -1 ? args.length : firstFlag).join(' ');
        const actor = env.CORE_PEER_LOCALMSPID ? ` as ${env.CORE_PEER_LOCALMSPID} admin` : '';
        reject(new Error(`${tool} ${verb} failed${actor}:\n${output}`));
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}
