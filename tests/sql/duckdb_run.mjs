// Runs an `ocf sql --dialect duckdb` script on a real DuckDB (the
// @duckdb/node-api package from npm, installed into the build tree by
// tests/sql/setup_npm.sh), as a warehouse would, and writes its result as the
// CSV `ocf run --aggregates` reads.
//
//   node duckdb_run.mjs --ddl schema.sql [--data NAME=table.csv]... --sql script.sql --out result.csv
//   node duckdb_run.mjs --batch JOBS.jsonl      (or --batch - : jobs on standard input)
//
// with NODE_PATH=build/release/npm/node_modules. One job:
//   1. a new, empty in-memory database;
//   2. the DDL (`ocf sql C.ocf --dialect duckdb --schema`): CREATE TABLEs;
//   3. every NAME=table.csv loaded into table NAME (SCHEMA.TABLE allowed) from
//      the canonical CSV ocf_export_data writes: its header must name the
//      table's columns in order; an unquoted empty field is NULL, a quoted
//      one ("") the empty string (ALLOW_QUOTED_NULLS false: DuckDB's default
//      would read "" as NULL too);
//   4. the script, which must be exactly one SELECT statement;
//   5. its result written to the --out file: a header row of the result's
//      column names, then every row, every non-NULL value double-quoted text
//      (so the empty string is ""), NULL an empty unquoted field, LF line ends.
//      Values never pass through a JavaScript number: BIGINT, HUGEINT and
//      DECIMAL come as exact text from the API's JSON conversion, small
//      integers are exact anyway, and a DOUBLE or FLOAT column (a script that
//      computed in floating point) is refused, as is any type an aggregate
//      result has no use for.
//
// Exit status: 0 done; 1 a SQL or data error (the message on standard error,
// the --out file removed); 2 bad usage or an unreadable file; 77 when
// @duckdb/node-api is not installed (callers report SKIPPED).
//
// Batch mode runs many jobs in one process, so node and DuckDB start once
// (the differential test's many seeds). Each line of JOBS is one job as JSON,
//   {"ddl": "schema.sql", "data": {"NAME": "table.csv"}, "sql": "script.sql", "out": "result.csv"}
// (relative paths from the current folder; blank lines skipped), each in a
// database of its own. For each job, in order, one line of JSON on standard
// output once it is done -- {"job": 1, "ok": true, "rows": 12} or
// {"job": 1, "ok": false, "error": "..."} -- so a caller can also drive it
// line by line through pipes (--batch -). The exit status is 1 if any job
// failed. DUCKDB_THREADS sets DuckDB's threads (default: one a core).
import { createRequire } from 'node:module';
import { createReadStream, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const SKIP = 77;

class UsageError extends Error {}
class JobError extends Error {}

let duckdb;
try {
  // NODE_PATH is honoured by require, not by import.
  duckdb = createRequire(import.meta.url)('@duckdb/node-api');
} catch (e) {
  process.stderr.write(
    `duckdb_run: SKIPPED: @duckdb/node-api is not installed (tests/sql/setup_npm.sh installs it; ` +
      `NODE_PATH=${process.env.NODE_PATH || ''})\n`,
  );
  process.exit(SKIP);
}
const { DuckDBInstance, DuckDBTypeId, StatementType } = duckdb;

const ident = (name) => `"${name.replaceAll('"', '""')}"`;
const tableRef = (name) => name.split('.').map(ident).join('.');
const sqlString = (s) => `'${s.replaceAll("'", "''")}'`;

function readText(path, what) {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path}: ${e.message}`);
  }
}

// The fields of a CSV header line (names may be quoted, "" for a quote).
function headerFields(line) {
  const fields = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      for (i++; i < line.length; i++) {
        if (line[i] === '"') {
          if (line[i + 1] !== '"') break;
          i++;
        }
        field += line[i];
      }
      i++;
    } else {
      while (i < line.length && line[i] !== ',') field += line[i++];
    }
    fields.push(field);
    if (i >= line.length) return fields;
    if (line[i] !== ',') throw new JobError(`header ${JSON.stringify(line)}: text after a quoted name`);
    i++;
  }
}

// The types whose values reach the CSV as exact text, and how.
const asText = new Map([
  [DuckDBTypeId.BOOLEAN, (v) => (v ? 'true' : 'false')],
  ...[DuckDBTypeId.TINYINT, DuckDBTypeId.SMALLINT, DuckDBTypeId.INTEGER, DuckDBTypeId.UTINYINT,
    DuckDBTypeId.USMALLINT, DuckDBTypeId.UINTEGER].map((t) => [t, (v) => {
    if (!Number.isSafeInteger(v)) throw new JobError(`integer ${v} is not exact`);
    return String(v);
  }]),
  // The JSON conversion gives these as strings: exact.
  ...[DuckDBTypeId.BIGINT, DuckDBTypeId.UBIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.UHUGEINT,
    DuckDBTypeId.DECIMAL, DuckDBTypeId.VARCHAR, DuckDBTypeId.DATE, DuckDBTypeId.ENUM].map((t) => [t, (v) => {
    if (typeof v !== 'string') throw new JobError(`a value came as ${typeof v}, not text`);
    return v;
  }]),
  [DuckDBTypeId.SQLNULL, () => { throw new JobError('a value in a NULL column'); }],
]);

const csvField = (v) => (v === null ? '' : `"${v.replaceAll('"', '""')}"`);
const csvName = (name) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : csvField(name));

async function loadTable(db, name, path) {
  const text = readText(path, `data of table ${name}`);
  const end = text.indexOf('\n');
  const header = headerFields(end < 0 ? text : text.slice(0, end).replace(/\r$/, ''));
  let columns;
  try {
    const probe = await db.prepare(`SELECT * FROM ${tableRef(name)} LIMIT 0`);
    columns = Array.from({ length: probe.columnCount }, (_, i) => probe.columnName(i));
  } catch (e) {
    throw new JobError(`--data ${name}=${path}: no table ${name} in the DDL (${e.message.split('\n')[0]})`);
  }
  if (header.join(',') !== columns.join(',')) {
    throw new JobError(`${path}: the header names ${header.join(',')}; table ${name} has ${columns.join(',')}`);
  }
  try {
    await db.run(
      `COPY ${tableRef(name)} FROM ${sqlString(path)} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ` +
        `ESCAPE '"', NULL '', ALLOW_QUOTED_NULLS false, AUTO_DETECT false, NEW_LINE '\\n')`,
    );
  } catch (e) {
    throw new JobError(`loading ${path} into ${name}: ${e.message}`);
  }
}

// One DuckDB for every job of the process, started on first use.
let shared = null;
let jobsRun = 0;
async function connection() {
  if (!shared) {
    const options = process.env.DUCKDB_THREADS ? { threads: process.env.DUCKDB_THREADS } : {};
    shared = await (await DuckDBInstance.create(':memory:', options)).connect();
  }
  return shared;
}

// Runs one job; returns the number of result rows written.
async function runJob(job) {
  for (const key of ['ddl', 'sql', 'out']) {
    if (typeof job[key] !== 'string' || job[key] === '') throw new UsageError(`no ${key} file given`);
  }
  const data = Object.entries(job.data || {});
  const ddl = readText(job.ddl, 'DDL');
  const script = readText(job.sql, 'script');
  for (const [name, path] of data) {
    if (!existsSync(path)) throw new UsageError(`--data ${name}=${path}: no such file`);
  }
  rmSync(job.out, { force: true });

  const db = await connection();
  // A database of its own, attached to the one DuckDB instance: creating an
  // instance per job costs ~100 ms, attaching one ~1 ms.
  const database = `job_${++jobsRun}`;
  await db.run(`ATTACH ':memory:' AS ${database}; USE ${database}`);
  try {
    // Tables named SCHEMA.TABLE (`ocf sql --table`) need their schema first.
    for (const [name] of data) {
      const parts = name.split('.');
      if (parts.length > 1) await db.run(`CREATE SCHEMA IF NOT EXISTS ${parts.slice(0, -1).map(ident).join('.')}`);
    }
    try {
      await db.run(ddl);
    } catch (e) {
      throw new JobError(`the DDL ${job.ddl}: ${e.message}`);
    }
    for (const [name, path] of data) await loadTable(db, name, path);

    let reader;
    try {
      const statements = await db.extractStatements(script);
      if (statements.count !== 1) {
        throw new JobError(`the script holds ${statements.count} statements, not one SELECT`);
      }
      const prepared = await statements.prepare(0);
      if (prepared.statementType !== StatementType.SELECT) {
        throw new JobError('the script is not a SELECT statement');
      }
      reader = await prepared.runAndReadAll();
    } catch (e) {
      throw new JobError(`${job.sql}: ${e.message}`);
    }

    const names = reader.columnNames();
    const convert = names.map((name, c) => {
      const type = reader.columnType(c);
      const f = asText.get(type.typeId);
      if (!f) {
        throw new JobError(
          `${job.sql}: result column ${name} is ${type.toString()}: not an exact type ` +
            `(integers, DECIMAL, VARCHAR, DATE, BOOLEAN)`,
        );
      }
      return f;
    });
    const rows = reader.getRowsJson();
    const lines = [names.map(csvName).join(',')];
    for (const row of rows) {
      lines.push(row.map((v, c) => {
        if (v === null) return '';
        try {
          return csvField(convert[c](v));
        } catch (e) {
          throw new JobError(`${job.sql}: result column ${names[c]}: ${e.message}`);
        }
      }).join(','));
    }
    writeFileSync(job.out, lines.join('\n') + '\n');
    return rows.length;
  } finally {
    await db.run(`USE memory; DETACH ${database}`);
  }
}

function parseArgs(argv) {
  const job = { data: {} };
  let batch = null;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value`);
      return argv[++i];
    };
    if (flag === '--ddl') job.ddl = value();
    else if (flag === '--sql') job.sql = value();
    else if (flag === '--out') job.out = value();
    else if (flag === '--batch') batch = value();
    else if (flag === '--data') {
      const spec = value();
      const eq = spec.indexOf('=');
      if (eq <= 0 || eq === spec.length - 1) throw new UsageError(`--data ${spec}: expected NAME=FILE.csv`);
      const name = spec.slice(0, eq);
      if (name in job.data) throw new UsageError(`--data ${name} given twice`);
      job.data[name] = spec.slice(eq + 1);
    } else throw new UsageError(`unknown argument ${flag}`);
  }
  if (batch !== null && (job.ddl || job.sql || job.out || Object.keys(job.data).length)) {
    throw new UsageError('--batch takes its jobs from the file, not from --ddl/--data/--sql/--out');
  }
  if (batch === null && (!job.ddl || !job.sql || !job.out)) throw new UsageError('--ddl, --sql and --out are needed');
  return { job, batch };
}

async function runBatch(source) {
  let input;
  if (source === '-') input = process.stdin;
  else if (!existsSync(source)) throw new UsageError(`--batch ${source}: no such file`);
  else input = createReadStream(source);
  let failed = 0;
  let number = 0;
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    number++;
    let answer;
    try {
      let job;
      try {
        job = JSON.parse(line);
      } catch (e) {
        throw new UsageError(`not JSON: ${e.message}`);
      }
      if (job === null || typeof job !== 'object' || Array.isArray(job)) throw new UsageError('a job is a JSON object');
      answer = { job: number, ok: true, rows: await runJob(job) };
    } catch (e) {
      if (!(e instanceof JobError || e instanceof UsageError)) throw e;
      failed++;
      process.stderr.write(`duckdb_run: job ${number}: ${e.message}\n`);
      answer = { job: number, ok: false, error: e.message };
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
  return failed === 0 ? 0 : 1;
}

let status;
try {
  const { job, batch } = parseArgs(process.argv.slice(2));
  status = batch !== null ? await runBatch(batch) : (await runJob(job), 0);
} catch (e) {
  if (e instanceof UsageError) {
    process.stderr.write(
      `duckdb_run: ${e.message}\nusage: node duckdb_run.mjs --ddl schema.sql [--data NAME=table.csv]... ` +
        `--sql script.sql --out result.csv\n       node duckdb_run.mjs --batch JOBS.jsonl|-\n`,
    );
    status = 2;
  } else if (e instanceof JobError) {
    process.stderr.write(`duckdb_run: ${e.message}\n`);
    status = 1;
  } else {
    throw e;
  }
}
process.exitCode = status;
