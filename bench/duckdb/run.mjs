// The end-to-end benchmark's DuckDB baseline: bench/episodes.ocf as SQL.
//
//   node bench/duckdb/run.mjs episodes.csv        (npm install --prefix bench/duckdb first)
//
// Opens an in-memory DuckDB, loads the CSV into a table with explicit column
// types that validate every cell as ocf's declaration does (bench/episodes.ocf):
// every column NOT NULL, ids not empty, `sex` an ENUM of M, F and U, dates
// YYYY-MM-DD, 64-bit integers, booleans, money DECIMAL(18,2), and each record's field
// count (read_csv is strict). Where it differs from ocf: DuckDB also takes
// booleans `t`/`f`, rounds a cost with more than two decimals to the penny
// where ocf keeps up to 18 (DECIMAL(38,18) would keep them, but made DuckDB's
// load about 7 times slower on this file), and does not take `£1,234.50`.
// Then it answers the contract's five measures for each provider and over
// all providers, in each contract year (2019 .. 2023) and over the term, with
// one GROUP BY GROUPING SETS query. Answers are exact: costs are DECIMAL(18,2)
// and summed as DECIMAL; mean and percent are integer ratios divided in
// HUGEINT arithmetic to 18 decimals, rounded half to even (as ocf does; DuckDB
// would divide DECIMALs in floating point); the median is quantile_cont, a
// spreadsheet's PERCENTILE.INC like ocf's, exact here because a median of
// whole numbers is a multiple of 1/2.
//
// Prints one JSON object a line, as bench/handwritten.cc does:
//   {"measure":"mean_stay","period":"2019","provider":"RX001","value":"4.125"}
// and the load and query times to standard error. DUCKDB_THREADS sets
// DuckDB's threads (default: DuckDB's own, one a core).
import { DuckDBInstance } from '@duckdb/node-api';
import { performance } from 'node:perf_hooks';
import { writeSync } from 'node:fs';

const path = process.argv[2];
if (!path || process.argv.length !== 3) {
  process.stderr.write('usage: node run.mjs episodes.csv\n');
  process.exit(2);
}

const started = performance.now();
const options = process.env.DUCKDB_THREADS ? { threads: process.env.DUCKDB_THREADS } : {};
const instance = await DuckDBInstance.create(':memory:', options);
const db = await instance.connect();
const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

const t0 = performance.now();
await db.run(`
  CREATE TYPE sex_t AS ENUM ('M', 'F', 'U');
  CREATE TABLE episodes (
    patient_id VARCHAR NOT NULL CHECK (patient_id <> ''),
    age BIGINT NOT NULL,
    sex sex_t NOT NULL,
    admission_date DATE NOT NULL,
    discharge_date DATE NOT NULL,
    length_of_stay BIGINT NOT NULL,
    emergency BOOLEAN NOT NULL,
    readmitted_30d BOOLEAN NOT NULL,
    cost DECIMAL(18,2) NOT NULL,
    provider VARCHAR NOT NULL CHECK (provider <> '')
  );
  INSERT INTO episodes SELECT * FROM read_csv(${sqlString(path)},
    header = true, delim = ',', quote = '"', auto_detect = false,
    dateformat = '%Y-%m-%d',
    columns = {
      'patient_id': 'VARCHAR',
      'age': 'BIGINT',
      'sex': 'sex_t',
      'admission_date': 'DATE',
      'discharge_date': 'DATE',
      'length_of_stay': 'BIGINT',
      'emergency': 'BOOLEAN',
      'readmitted_30d': 'BOOLEAN',
      'cost': 'DECIMAL(18,2)',
      'provider': 'VARCHAR'
    });
`);
const t1 = performance.now();

// n / d to 18 decimals, half to even, as text: exact integer arithmetic.
await db.run(`
  CREATE MACRO ratio18_floor(n, d) AS (n::HUGEINT * 1000000000000000000::HUGEINT) // d;
  CREATE MACRO ratio18_rest(n, d) AS (n::HUGEINT * 1000000000000000000::HUGEINT) % d;
  CREATE MACRO ratio18_q(n, d) AS ratio18_floor(n, d) +
    CASE WHEN 2 * ratio18_rest(n, d) > d
           OR (2 * ratio18_rest(n, d) = d AND ratio18_floor(n, d) % 2 = 1) THEN 1 ELSE 0 END;
  CREATE MACRO fixed18(q) AS
    (q // 1000000000000000000::HUGEINT)::VARCHAR || '.' ||
    lpad((q % 1000000000000000000::HUGEINT)::VARCHAR, 18, '0');
  CREATE MACRO ratio18(n, d) AS CASE WHEN d = 0 THEN NULL ELSE fixed18(ratio18_q(n, d)) END;
`);
const reader = await db.runAndReadAll(`
  WITH totals AS (
    SELECT
      provider,
      year(admission_date) AS year,
      GROUPING(provider) AS all_providers,
      GROUPING(year(admission_date)) AS whole_term,
      count(*) FILTER (WHERE emergency AND age >= 65) AS older_emergencies,
      count(*) FILTER (WHERE readmitted_30d) AS readmitted,
      count(*) AS episodes,
      sum(length_of_stay) AS stay_days,
      quantile_cont(length_of_stay, 0.5) AS median_stay,
      coalesce(sum(cost) FILTER (WHERE emergency), 0) AS emergency_cost
    FROM episodes
    WHERE admission_date BETWEEN DATE '2019-01-01' AND DATE '2023-12-31'
    GROUP BY GROUPING SETS ((provider, year(admission_date)), (provider), (year(admission_date)), ())
  )
  SELECT
    CASE WHEN all_providers = 1 THEN NULL ELSE provider END AS provider,
    CASE WHEN whole_term = 1 THEN 'term' ELSE year::VARCHAR END AS period,
    older_emergencies::VARCHAR AS older_emergencies,
    ratio18(readmitted, episodes) AS readmission_rate,
    ratio18(stay_days, episodes) AS mean_stay,
    median_stay::VARCHAR AS median_stay,
    emergency_cost::VARCHAR AS emergency_cost
  FROM totals
  ORDER BY all_providers, provider, whole_term, period
`);
const rows = reader.getRowObjectsJson();
const t2 = performance.now();

const measures = ['older_emergencies', 'readmission_rate', 'mean_stay', 'median_stay', 'emergency_cost'];
const lines = [];
for (const row of rows) {
  for (const measure of measures) {
    lines.push(JSON.stringify({ measure, period: row.period, provider: row.provider, value: row[measure] }));
  }
}
writeSync(1, lines.join('\n') + '\n');
const seconds = (ms) => (ms / 1000).toFixed(3);
process.stderr.write(
  `duckdb: load ${seconds(t1 - t0)} s, queries ${seconds(t2 - t1)} s, ` +
    `load+queries ${seconds(t2 - t0)} s, total in script ${seconds(performance.now() - started)} s\n`,
);
