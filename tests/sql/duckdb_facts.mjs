// What the duckdb dialect of `ocf sql` (compiler/sql/dialect.cc) relies on,
// checked on the DuckDB the tests install (@duckdb/node-api from npm,
// tests/sql/setup_npm.sh), so that an upgrade which changes one of them fails
// here, by name, rather than as a wrong figure somewhere in a statement
// (ctest `sql_duckdb_facts`).
//
//   NODE_PATH=build/release/npm/node_modules node tests/sql/duckdb_facts.mjs
//
// Each fact is a query and the exact row it must return (every value as the
// API's JSON conversion gives it, as text: BIGINT, HUGEINT and DECIMAL come
// as strings, so nothing goes through a JavaScript number), or the error it
// must raise. Without the package: SKIPPED, exit 77.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let duckdb;
try {
  // NODE_PATH is honoured by require, not by import.
  duckdb = createRequire(import.meta.url)('@duckdb/node-api');
} catch (e) {
  console.log('='.repeat(78));
  console.log(`SKIPPED: the DuckDB facts were not checked because @duckdb/node-api is not installed ` +
    `(tests/sql/setup_npm.sh installs it; NODE_PATH=${process.env.NODE_PATH || ''})`);
  console.log('='.repeat(78));
  process.exit(77);
}

const d38 = (s) => `CAST('${s}' AS DECIMAL(38,18))`;
const scratch = mkdtempSync(join(tmpdir(), 'ocf-duckdb-facts-'));
const csv = join(scratch, 't.csv');
writeFileSync(csv, 'a,b\n"",1\n,2\n"x""y",3\n');

const facts = [
  // Dates (LANGUAGE.md: adding months clamps to the month's end).
  {
    fact: 'date + to_months(n) clamps to the end of a shorter month, both ways, across years',
    sql: `SELECT CAST(DATE '2014-01-31' + to_months(1) AS DATE), CAST(DATE '2016-01-31' + to_months(1) AS DATE),
                 CAST(DATE '2014-03-31' + to_months(-1) AS DATE), CAST(DATE '2014-01-31' + to_months(13) AS DATE),
                 CAST(DATE '2014-05-31' + to_months(-3) AS DATE)`,
    row: ['2014-02-28', '2016-02-29', '2014-02-28', '2015-02-28', '2014-02-28'],
  },
  {
    fact: 'months are added to the start date, not month by month (31 Jan + 2 months is 31 Mar; +1 then +1 is 28 Mar)',
    sql: `SELECT CAST(DATE '2014-01-31' + to_months(2) AS DATE),
                 CAST(CAST(DATE '2014-01-31' + to_months(1) AS DATE) + to_months(1) AS DATE)`,
    row: ['2014-03-31', '2014-03-28'],
  },
  {
    fact: 'date + to_days / to_months is a TIMESTAMP (hence the CAST to DATE); to_days crosses month ends',
    sql: `SELECT typeof(DATE '2014-02-28' + to_days(1)), typeof(DATE '2014-02-28' + to_months(1)),
                 CAST(DATE '2014-02-28' + to_days(1) AS DATE), CAST(DATE '2016-02-28' + to_days(CAST(366 AS INTEGER)) AS DATE)`,
    row: ['TIMESTAMP', 'TIMESTAMP', '2014-03-01', '2017-02-28'],
  },
  {
    fact: "date_diff('day', b, a) is a - b in days, a BIGINT; EXTRACT gives a BIGINT",
    sql: `SELECT date_diff('day', DATE '2014-03-01', DATE '2014-02-01'), typeof(date_diff('day', DATE '2014-03-01', DATE '2014-02-01')),
                 date_diff('day', DATE '2015-03-01', DATE '2016-03-01'), typeof(EXTRACT(year FROM DATE '2014-01-01')),
                 EXTRACT(month FROM DATE '2014-12-31')`,
    row: ['-28', 'BIGINT', '366', 'BIGINT', '12'],
  },
  // Integer division.
  {
    fact: 'BIGINT // BIGINT is a BIGINT truncated toward zero (-7 // 2 is -3, not -4); % keeps the sign of the dividend',
    sql: `SELECT CAST(7 AS BIGINT) // CAST(2 AS BIGINT), CAST(-7 AS BIGINT) // CAST(2 AS BIGINT),
                 CAST(7 AS BIGINT) // CAST(-2 AS BIGINT), typeof(CAST(7 AS BIGINT) // CAST(2 AS BIGINT)),
                 CAST(9223372036854775807 AS BIGINT) // CAST(3 AS BIGINT), CAST(-7 AS BIGINT) % CAST(2 AS BIGINT)`,
    row: ['3', '-3', '-3', 'BIGINT', '3074457345618258602', '-1'],
  },
  {
    fact: 'BIGINT // 0 is NULL, not an error',
    sql: `SELECT CAST(7 AS BIGINT) // CAST(0 AS BIGINT)`,
    row: [null],
  },
  {
    fact: 'BIGINT / BIGINT is a DOUBLE (never use / on integers)',
    sql: `SELECT typeof(CAST(7 AS BIGINT) / CAST(2 AS BIGINT))`,
    row: ['DOUBLE'],
  },
  {
    fact: 'BIGINT overflow is an error, never a wrap',
    sql: `SELECT CAST(9223372036854775807 AS BIGINT) + CAST(1 AS BIGINT)`,
    error: /Overflow in addition of INT64/,
  },
  // Decimals as text.
  {
    fact: 'CAST(DECIMAL(38,18) AS VARCHAR) is plain notation with all 18 decimals, as the API also gives it',
    sql: `SELECT CAST(${d38('0.00000001')} AS VARCHAR), ${d38('0.00000001')},
                 CAST(${d38('12345678901234567890.5')} AS VARCHAR), ${d38('12345678901234567890.5')},
                 CAST(${d38('-0.5')} AS VARCHAR), ${d38('-0.5')}, CAST(${d38('0')} AS VARCHAR),
                 CAST(${d38('-0.000000000000000001')} AS VARCHAR), ${d38('-0.000000000000000001')},
                 CAST(${d38('99999999999999999999.999999999999999999')} AS VARCHAR)`,
    row: ['0.000000010000000000', '0.000000010000000000', '12345678901234567890.500000000000000000',
      '12345678901234567890.500000000000000000', '-0.500000000000000000', '-0.500000000000000000',
      '0.000000000000000000', '-0.000000000000000001', '-0.000000000000000001',
      '99999999999999999999.999999999999999999'],
  },
  {
    fact: 'a DECIMAL of another scale prints with its own scale (1.5, not 1.500000000000000000)',
    sql: `SELECT CAST(CAST('1.5' AS DECIMAL(2,1)) AS VARCHAR), CAST(true AS VARCHAR), CAST(false AS VARCHAR),
                 CAST(DATE '0099-01-05' AS VARCHAR)`,
    row: ['1.5', 'true', 'false', '0099-01-05'],
  },
  // Decimal literals and casts.
  {
    fact: 'a decimal literal of up to 38 digits is a DECIMAL of its digits (not a DOUBLE); 39 digits is a DOUBLE; an integer literal past BIGINT is a HUGEINT',
    sql: `SELECT typeof(1.5), typeof(12345678901234567890.5), typeof(0.1234567890123456789),
                 typeof(12345678901234567890123456789012345678.5), typeof(12345678901234567890)`,
    row: ['DECIMAL(2,1)', 'DECIMAL(21,1)', 'DECIMAL(20,19)', 'DOUBLE', 'HUGEINT'],
  },
  {
    fact: 'CAST(literal AS DECIMAL(38,18)) of 19+ digits is exact; extra decimals round half away from zero',
    sql: `SELECT CAST(12345678901234567890.5 AS DECIMAL(38,18)), CAST(1234567890123456789.123456789 AS DECIMAL(38,18)),
                 CAST(CAST(12345678901234567890.5 AS DECIMAL(21,1)) AS DECIMAL(38,18)),
                 CAST(0.1234567890123456789 AS DECIMAL(38,18)), CAST(0.0000000000000000025 AS DECIMAL(38,18)),
                 CAST(-0.0000000000000000025 AS DECIMAL(38,18)), CAST('0.0000000000000000025' AS DECIMAL(38,18))`,
    row: ['12345678901234567890.500000000000000000', '1234567890123456789.123456789000000000',
      '12345678901234567890.500000000000000000', '0.123456789012345679', '0.000000000000000003',
      '-0.000000000000000003', '0.000000000000000003'],
  },
  {
    fact: 'DECIMAL widths stop at 38: DECIMAL(39,18) is refused',
    sql: `SELECT CAST(123456789012345678901.000000000000000001 AS DECIMAL(39,18))`,
    error: /DECIMAL type width must be between 1 and 38/,
  },
  {
    fact: 'a value of 21 integer digits does not fit DECIMAL(38,18) (ocf decimals reach 1.7e20)',
    sql: `SELECT ${d38('123456789012345678901')}`,
    error: /Could not convert string "123456789012345678901" to DECIMAL\(38,18\)/,
  },
  {
    fact: 'DECIMAL(38,18) * DECIMAL(38,18) is DECIMAL(38,36) and DECIMAL / DECIMAL a DOUBLE; avg() is a DOUBLE',
    sql: `SELECT typeof(x * x), typeof(x + x), typeof(x / x), typeof(avg(x)), typeof(avg(i))
          FROM (SELECT ${d38('1')} AS x, CAST(1 AS BIGINT) AS i) GROUP BY x`,
    row: ['DECIMAL(38,36)', 'DECIMAL(38,18)', 'DOUBLE', 'DOUBLE', 'DOUBLE'],
  },
  // Aggregates.
  {
    fact: 'sum(DECIMAL(38,18)) is a DECIMAL(38,18), exact; sum of nothing is NULL; sum(BIGINT) is a HUGEINT',
    sql: `SELECT sum(x), typeof(sum(x)), (SELECT sum(x) FROM (SELECT ${d38('1')} x) WHERE false),
                 (SELECT sum(i) FROM (SELECT CAST(9223372036854775807 AS BIGINT) - CAST(r AS BIGINT) i FROM range(3) t(r))),
                 (SELECT typeof(sum(i)) FROM (SELECT CAST(1 AS BIGINT) i))
          FROM (VALUES (${d38('0.1')}), (${d38('0.2')}), (${d38('0.000000000000000001')})) v(x)`,
    row: ['0.300000000000000001', 'DECIMAL(38,18)', null, '27670116110564327418', 'HUGEINT'],
  },
  {
    fact: 'sum(DECIMAL(38,18)) runs on in 128 bits past 38 digits (as ocf\'s Decimal does), printable but not usable in further DECIMAL arithmetic',
    sql: `SELECT CAST(sum(x) AS VARCHAR), sum(x)
          FROM (SELECT ${d38('60000000000000000000')} - CAST(r AS DECIMAL(38,18)) x FROM range(2) t(r))`,
    row: ['119999999999999999999.000000000000000000', '119999999999999999999.000000000000000000'],
  },
  {
    fact: 'arithmetic on such a sum is an overflow error',
    sql: `SELECT sum(x) + ${d38('1')} FROM (SELECT ${d38('60000000000000000000')} - CAST(r AS DECIMAL(38,18)) x FROM range(2) t(r))`,
    error: /Overflow in addition of DECIMAL\(38\)/,
  },
  {
    fact: 'sum(DECIMAL(38,18)) past 128 bits (about 1.7e20) is an overflow error, never a wrap or a DOUBLE',
    sql: `SELECT sum(x) FROM (SELECT ${d38('99999999999999999999')} - CAST(r AS DECIMAL(38,18)) x FROM range(2) t(r))`,
    error: /Overflow in HUGEINT addition/,
  },
  {
    fact: 'GROUPING SETS with GROUPING(): a BIGINT, the first argument the high bit; a NULL group is told from a rolled-up row',
    sql: `SELECT string_agg(coalesce(g, '-') || ':' || coalesce(CAST(h AS VARCHAR), '-') || ':' || CAST(gg AS VARCHAR) ||
                            CAST(gh AS VARCHAR) || ':' || CAST(n AS VARCHAR), ' ' ORDER BY gh, g NULLS FIRST, h),
                 any_value(t)
          FROM (SELECT g, h, GROUPING(g) AS gg, GROUPING(g, h) AS gh, count(*) AS n, typeof(GROUPING(g)) AS t
                FROM (VALUES ('a', 1), ('a', 2), ('b', 1), (NULL, 1)) v(g, h)
                GROUP BY GROUPING SETS ((g, h), (g), ()))`,
    row: ['-:1:00:1 a:1:00:1 a:2:00:1 b:1:00:1 -:-:01:1 a:-:01:2 b:-:01:1 -:-:13:4', 'BIGINT'],
  },
  {
    fact: 'count(DISTINCT DECIMAL(38,18)) is exact (0.1 = 0.10 but not 0.100000000000000001), NULLs not counted, a BIGINT',
    sql: `SELECT count(DISTINCT x), typeof(count(DISTINCT x))
          FROM (VALUES (${d38('0.1')}), (${d38('0.100000000000000001')}), (${d38('0.10')}), (NULL),
                       (${d38('99999999999999999999.999999999999999999')}), (${d38('99999999999999999999.999999999999999998')})) v(x)`,
    row: ['4', 'BIGINT'],
  },
  {
    fact: 'count(DISTINCT) and sum() with FILTER under GROUPING SETS, per group and over all',
    sql: `SELECT string_agg(coalesce(g, '-') || ':' || CAST(c AS VARCHAR) || ':' || CAST(s AS VARCHAR), ' ' ORDER BY gg, g)
          FROM (SELECT g, GROUPING(g) AS gg, count(DISTINCT x) FILTER (WHERE x > 0) AS c, sum(x) FILTER (WHERE x > 0) AS s
                FROM (VALUES ('a', ${d38('0.1')}), ('a', ${d38('0.10')}), ('b', ${d38('-1')}), ('b', ${d38('2')})) v(g, x)
                GROUP BY GROUPING SETS ((g), ()))`,
    row: ['a:1:0.200000000000000000 b:1:2.000000000000000000 -:2:2.200000000000000000'],
  },
  {
    fact: 'count(*) FILTER (WHERE c) counts rows where c is true (not NULL)',
    sql: `SELECT count(*) FILTER (WHERE x > 1), count(x), count(*) FROM (VALUES (1), (2), (NULL)) v(x)`,
    row: ['1', '2', '3'],
  },
  {
    fact: "VARCHAR compares bytes: 'a', 'a ', 'A', '' and NULL are five groups",
    sql: `SELECT count(*), count(DISTINCT g), ('a' = 'a ') OR ('a' = 'A')
          FROM (SELECT g FROM (VALUES ('a'), ('a '), ('A'), (''), (NULL), ('a')) v(g) GROUP BY g)`,
    row: ['5', '4', 'false'],
  },
  // Loading the canonical CSV.
  {
    fact: 'read_csv reads a quoted "" as NULL by default (allow_quoted_nulls), so the runner turns that off',
    sql: `SELECT string_agg(CAST(a IS NULL AS VARCHAR), ' ' ORDER BY b) FROM read_csv('${csv}', header = true, auto_detect = false,
                 columns = {'a': 'VARCHAR', 'b': 'BIGINT'}, nullstr = '')`,
    row: ['true true false'],
  },
  {
    fact: 'with allow_quoted_nulls = false, "" is the empty string and an unquoted empty field NULL',
    sql: `SELECT string_agg(coalesce('<' || a || '>', 'NULL'), ' ' ORDER BY b) FROM read_csv('${csv}', header = true,
                 auto_detect = false, columns = {'a': 'VARCHAR', 'b': 'BIGINT'}, nullstr = '', allow_quoted_nulls = false)`,
    row: ['<> NULL <x"y>'],
  },
];

const db = await (await duckdb.DuckDBInstance.create(':memory:')).connect();
const version = (await db.runAndReadAll('SELECT version()')).getRowsJson()[0][0];
const show = (v) => (v === null ? null : String(v));
let failed = 0;
for (const f of facts) {
  let got;
  try {
    const reader = await db.runAndReadAll(f.sql);
    const rows = reader.getRowsJson();
    got = rows.length === 1 ? { row: rows[0].map(show) } : { error: `${rows.length} rows` };
  } catch (e) {
    got = { error: e.message.split('\n')[0] };
  }
  let ok;
  if (f.error) ok = got.error !== undefined && f.error.test(got.error);
  else ok = got.row !== undefined && JSON.stringify(got.row) === JSON.stringify(f.row);
  if (ok) {
    console.log(`ok      ${f.fact}`);
  } else {
    failed++;
    console.log(`FAILED  ${f.fact}`);
    console.log(`        wanted ${f.error ? `an error matching ${f.error}` : JSON.stringify(f.row)}`);
    console.log(`        got    ${got.error !== undefined ? `error: ${got.error}` : JSON.stringify(got.row)}`);
  }
}
rmSync(scratch, { recursive: true, force: true });
console.log(`DuckDB ${version}: ${facts.length - failed} of ${facts.length} facts hold`);
if (failed) {
  console.log('compiler/sql/dialect.cc (duckdb) and tests/sql/duckdb_run.mjs rely on these: review them before upgrading');
}
process.exit(failed ? 1 : 0);
