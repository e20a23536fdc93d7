import { createPool, databaseUrl } from '@plasma/gateway-api';
const pool = createPool(databaseUrl(), 1);
pool.query(process.argv[2]!).then((r) => { console.log(JSON.stringify(r.rows, null, 1)); return pool.end(); }, (e) => { console.error(e.message); return pool.end(); });
