// scratch: tells an edition of the demo story through a private gateway + indexer on a fresh database
import { loadTopology } from '@plasma/network';
import { openServiceChannel, runIndexer, createPool, ledgerHeight } from '../index';
import { testGateway } from '../../test/fixtures';
import { tellDemoStory } from './demo-story';

async function main() {
  const edition = Number(process.argv[2] ?? 97);
  const t = await testGateway();
  const topology = loadTopology();
  const channel = openServiceChannel(topology);
  const pool = createPool(t.database.url, 2);
  const controller = new AbortController();
  let height = 0n;
  const indexing = runIndexer({ pool, network: channel.network, log: console.log, onBlock: (n) => { height = n; } }, controller.signal);
  const target = await ledgerHeight(channel.network);
  while (height + 1n < target) await new Promise((r) => setTimeout(r, 500));
  console.log('caught up at', height);
  const started = Date.now();
  try {
    const outcome = await tellDemoStory({ url: t.gateway.url, topology, people: t.demo, edition, progress: (l) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${l}`) });
    console.log(JSON.stringify(outcome, null, 2));
    const again = await tellDemoStory({ url: t.gateway.url, topology, people: t.demo, edition, progress: (l) => console.log(`again: ${l}`) });
    console.log('again alreadyTold', again.alreadyTold);
  } catch (e) {
    console.error('FAILED', (e as Error).message);
    const token = await t.login('Regulator', 'inspector1');
    const r = await t.graphql('{ p: ledgerObject(type:"pool", id:"G200126999701") { record } n: networkStatus { indexedHeight } }', {}, token);
    console.log(JSON.stringify(r).slice(0, 600));
    const c = await t.gateway.services.pool.query("select object_type, attributes from ledger_state where object_type like 'pool%' limit 5");
    console.log(c.rows);
  } finally {
    console.log('indexed up to', height);
    controller.abort();
    await indexing;
    channel.close();
    await pool.end();
    await t.close();
  }
}
main();
