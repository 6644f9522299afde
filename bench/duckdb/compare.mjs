// DuckDB side of bench/analytics_bench: loads the rows analytics_bench --dump-rows wrote
// (one CSV per history) into an in-memory table and runs the same queries as SQLite.
// Prints "<history> load_query_ms N" and "<history> query_ms N" (best of the runs), the
// lines analytics_bench reads through SHOAL_BENCH_DUCKDB_TIMES to print same-run ratios.
import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const dir = process.argv[2];
const runs = Number(process.argv[3] ?? 3);
if (!dir) {
  console.error('usage: node compare.mjs DUMP_DIR [RUNS]');
  process.exit(2);
}
const queries = readFileSync(`${dir}/queries.sql`, 'utf8').split('\n').filter((q) => q.trim());

async function loadAndQuery(history) {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const c = await instance.connect();
  const t0 = performance.now();
  await c.run(
    `CREATE TABLE ev AS SELECT * FROM read_csv('${dir}/${history}.csv', header = true,` +
      ` columns = {'grp': 'VARCHAR', 'member': 'VARCHAR', 'kind': 'VARCHAR', 'ts': 'BIGINT', 'day': 'BIGINT', 'week': 'BIGINT'})`);
  const t1 = performance.now();
  let rows = 0;
  // Rows are fetched chunk by chunk without turning them into JS values, as the SQLite
  // side steps its rows without reading them.
  for (const q of queries) {
    const result = await c.run(q);
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk())
      rows += chunk.rowCount;
  }
  const t2 = performance.now();
  c.closeSync();
  return { load: t1 - t0, query: t2 - t1, rows };
}

for (const history of ['irc', 'sim']) {
  let best = null;
  for (let i = 0; i < runs; ++i) {
    const r = await loadAndQuery(history);
    if (!best || r.load + r.query < best.load + best.query) best = r;
  }
  console.error(`duckdb ${history}: load ${best.load.toFixed(1)} ms, ${queries.length} queries ${best.query.toFixed(1)} ms, ${best.rows} rows`);
  console.log(`${history} load_query_ms ${(best.load + best.query).toFixed(3)}`);
  console.log(`${history} query_ms ${best.query.toFixed(3)}`);
}
