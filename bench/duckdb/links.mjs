// The linked-records benchmark's DuckDB baseline (bench/links_bench.sh):
// bench/links.ocf's 7-day follow-up rate as SQL.
//
//   node bench/duckdb/links.mjs discharges.csv contacts.csv   (npm install --prefix bench/duckdb first)
//
// Loads both CSVs into in-memory tables with explicit column types, then
// counts, per contract year (from 2020-04-01) and over the term, the
// discharges with a contact of the same NHS number 1 to 7 days after
// discharge: an EXISTS subquery, which DuckDB turns into a hash (semi) join.
// Prints one line a period, "PERIOD FOLLOWED_UP DISCHARGES", and the load
// and query times to standard error. DUCKDB_THREADS sets DuckDB's threads.
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';
import { writeSync } from 'node:fs';

const [discharges, contacts] = process.argv.slice(2);
if (!contacts || process.argv.length !== 4) {
  process.stderr.write('usage: node links.mjs discharges.csv contacts.csv\n');
  process.exit(2);
}
const started = performance.now();
const options = process.env.DUCKDB_THREADS ? { threads: process.env.DUCKDB_THREADS } : {};
const instance = await DuckDBInstance.create(':memory:', options);
const db = await instance.connect();
const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

const t0 = performance.now();
await db.run(`
  CREATE TABLE discharges AS SELECT * FROM read_csv(${sqlString(discharges)},
    header = true, delim = ',', quote = '"', auto_detect = false, dateformat = '%Y-%m-%d',
    columns = {'spell_id': 'VARCHAR', 'nhs_number': 'VARCHAR', 'admitted_on': 'DATE', 'discharged_on': 'DATE'});
  CREATE TABLE contacts AS SELECT * FROM read_csv(${sqlString(contacts)},
    header = true, delim = ',', quote = '"', auto_detect = false, dateformat = '%Y-%m-%d',
    columns = {'contact_id': 'VARCHAR', 'nhs_number': 'VARCHAR', 'contact_on': 'DATE'});
`);
const t1 = performance.now();
const reader = await db.runAndReadAll(`
  WITH followed AS (
    SELECT
      CASE WHEN d.discharged_on < DATE '2021-04-01' THEN '2020/21'
           WHEN d.discharged_on < DATE '2022-04-01' THEN '2021/22'
           ELSE '2022/23' END AS year,
      EXISTS (SELECT 1 FROM contacts c
              WHERE c.nhs_number = d.nhs_number
                AND c.contact_on > d.discharged_on
                AND c.contact_on <= d.discharged_on + 7) AS hit
    FROM discharges d
    WHERE d.discharged_on BETWEEN DATE '2020-04-01' AND DATE '2023-03-31'
  )
  SELECT coalesce(year, 'term') AS period, count(*) FILTER (WHERE hit) AS hits, count(*) AS total
  FROM followed
  GROUP BY GROUPING SETS ((year), ())
  ORDER BY GROUPING(year), year
`);
const rows = reader.getRowObjectsJson();
const t2 = performance.now();
writeSync(1, rows.map((r) => `${r.period} ${r.hits} ${r.total}`).join('\n') + '\n');
const seconds = (ms) => (ms / 1000).toFixed(3);
process.stderr.write(
  `duckdb: load ${seconds(t1 - t0)} s, query ${seconds(t2 - t1)} s, ` +
    `total in script ${seconds(performance.now() - started)} s\n`,
);
