import { spawn } from 'node:child_process';
import { loadConfig } from '../config';
import { startGateway } from '../server';
(async () => {
  const config = loadConfig();
  const gateway = await startGateway({ ...config, listen: { host: '127.0.0.1', port: 0 } });
  const child = spawn(process.execPath, ['node_modules/mocha/bin/mocha.js', '--no-config', '--node-option', 'import=tsx', '--timeout', '600000', process.argv[2] ?? 'test-network/test/.try-demo.test.ts'],
    { stdio: 'inherit', env: { ...process.env, TRY_URL: gateway.url } });
  const code = await new Promise((r) => child.on('exit', r));
  console.log('mocha exit', code);
  await gateway.close();
})();
