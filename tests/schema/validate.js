// Validates ocf's JSON outputs against docs/schema/*.schema.json with ajv
// (draft 2020-12), the way an integrator's tools would read them:
//   - every JSON golden (tests/golden/**/*.expected, tests/data/expected/*.expected
//     that hold JSON) and the cross-check references (tests/crosscheck/*.expected.json);
//   - `ocf run --format json` on every example's sample data, and with --period;
//   - `ocf check --format json`, with and without --data, on every example, a
//     contract with errors and data with problems;
//   - test results (ocf.test/1) of passing, failing and broken tests;
//   - and, so the validator is known to be checking, broken documents that
//     must fail.
// Each document must also carry its "schema" as its first key.
//
// node tests/schema/validate.js --ocf BIN --test-report BIN   (from the source root,
// with NODE_PATH holding ajv: tests/schema/setup_npm.sh installs it)
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');
const {spawnSync} = require('child_process');

let Ajv2020;
try {
  Ajv2020 = require('ajv/dist/2020');
} catch (e) {
  console.error('validate: FAILED: cannot load ajv (NODE_PATH=' + (process.env.NODE_PATH || '') +
                '): run tests/schema/setup_npm.sh');
  process.exit(1);
}

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const ocf = args['ocf'];
const testReport = args['test-report'];
if (!ocf || !testReport) {
  console.error('usage: node tests/schema/validate.js --ocf BIN --test-report BIN');
  process.exit(2);
}

// ------------------------------------------------------------------ schemas
const schemaDir = 'docs/schema';
const ajv = new Ajv2020({allErrors: true, strict: true});
const schemaFiles = fs.readdirSync(schemaDir).filter((f) => f.endsWith('.schema.json')).sort();
const byName = {};  // "ocf.statement/1" -> validate function
for (const f of schemaFiles) ajv.addSchema(JSON.parse(fs.readFileSync(path.join(schemaDir, f), 'utf8')));
for (const [kind, name] of [['statement', 'ocf.statement/1'], ['diagnostics', 'ocf.diagnostics/1'],
                            ['test', 'ocf.test/1'], ['comparison', 'ocf.comparison/1'],
                            ['explain', 'ocf.explain/1']]) {
  const id = 'https://ocf.dev/schema/' + kind + '/1';
  let validate;
  try {
    validate = ajv.getSchema(id);
  } catch (e) {
    console.error('validate: FAILED: the schema ' + id + ' does not compile: ' + e.message);
    process.exit(1);
  }
  if (!validate) {
    console.error('validate: FAILED: no schema with $id ' + id + ' in ' + schemaDir);
    process.exit(1);
  }
  byName[name] = validate;
}
for (const f of schemaFiles) {
  const text = fs.readFileSync(path.join(schemaDir, f), 'utf8');
  if (!/"\$comment": "ocf @PROJECT_VERSION@/.test(text)) {
    console.error('validate: FAILED: ' + f + ' has no "$comment": "ocf @PROJECT_VERSION@ ..."');
    process.exit(1);
  }
}

let checked = 0;
const failures = [];

// Problems with one document (empty when it is valid).
function problems(doc, want) {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) return ['not a JSON object'];
  const name = doc.schema;
  if (want && name !== want) return ['"schema" is ' + JSON.stringify(name) + ', expected ' + want];
  const validate = byName[name];
  if (!validate) return ['unknown "schema": ' + JSON.stringify(name)];
  const out = [];
  if (Object.keys(doc)[0] !== 'schema') out.push('"schema" is not the first key');
  if (!validate(doc))
    for (const e of validate.errors) out.push((e.instancePath || '/') + ' ' + e.message + ' ' + JSON.stringify(e.params));
  return out;
}

function check(what, text, want) {
  ++checked;
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    failures.push(what + ': not JSON: ' + e.message + '\n' + text.slice(0, 400));
    return null;
  }
  const found = problems(doc, want);
  if (found.length) failures.push(what + ':\n    ' + found.slice(0, 12).join('\n    '));
  return doc;
}

function run(bin, argv) {
  const r = spawnSync(bin, argv, {encoding: 'utf8', maxBuffer: 1 << 30});
  if (r.error) throw r.error;
  return r;
}

// Runs ocf and validates what it printed on standard output.
function checkOcf(argv, want, exits) {
  const r = run(ocf, argv);
  const what = 'ocf ' + argv.join(' ');
  if (!exits.includes(r.status)) {
    failures.push(what + ': exit ' + r.status + ', expected ' + exits.join(' or ') + '\n' + r.stderr.slice(0, 800));
    return null;
  }
  return check(what, r.stdout, want);
}

// ------------------------------------------------------------------ goldens
function walk(dir, out) {
  for (const e of fs.readdirSync(dir, {withFileTypes: true})) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}
let goldens = 0;
for (const file of [...walk('tests/golden', []), ...walk('tests/data/expected', [])].sort()) {
  if (!file.endsWith('.expected')) continue;
  const text = fs.readFileSync(file, 'utf8');
  if (!text.startsWith('{')) continue;  // text output: diagnostics as a terminal shows them
  // What ocf printed, then `[exit N]`.
  const json = text.replace(/\[exit [0-9]+\]\n?$/, '');
  check(file, json, null);
  ++goldens;
}
if (goldens < 4) failures.push('only ' + goldens + ' JSON goldens found under tests/golden and tests/data/expected');
// `ocf explain`'s JSON goldens (tests/unit/explain_test.cc): what ocf printed,
// then its standard error and exit status.
let explainGoldens = 0;
for (const file of fs.readdirSync('tests/explain/expected').filter((f) => f.endsWith('_json.expected')).sort()) {
  const text = fs.readFileSync(path.join('tests/explain/expected', file), 'utf8');
  check('tests/explain/expected/' + file, text.replace(/--- standard error\n[^]*$/, ''), 'ocf.explain/1');
  ++explainGoldens;
}
if (explainGoldens < 3) failures.push('only ' + explainGoldens + ' JSON goldens under tests/explain/expected');
for (const file of fs.readdirSync('tests/crosscheck').filter((f) => f.endsWith('.expected.json')).sort())
  check('tests/crosscheck/' + file, fs.readFileSync(path.join('tests/crosscheck', file), 'utf8'), 'ocf.statement/1');

// ------------------------------------------------------------------ examples
const examples = fs.readdirSync('examples', {withFileTypes: true})
                     .filter((e) => e.isDirectory() && fs.existsSync(path.join('examples', e.name, e.name + '.ocf')))
                     .map((e) => e.name)
                     .sort();
if (examples.length < 4) failures.push('only ' + examples.length + ' examples found');
for (const name of examples) {
  const contract = path.join('examples', name, name + '.ocf');
  const data = path.join('examples', name, 'data');
  // Further arguments (inputs' values), as the cross-check gives them.
  const argsFile = path.join('tests/crosscheck', name + '.args');
  const extra = fs.existsSync(argsFile) ? fs.readFileSync(argsFile, 'utf8').split('\n').filter((l) => l) : [];
  const st = checkOcf(['run', contract, '--data', data, '--format', 'json', ...extra], 'ocf.statement/1', [0]);
  checkOcf(['check', contract, '--format', 'json'], 'ocf.diagnostics/1', [0]);
  const withData = checkOcf(['check', contract, '--data', data, '--format', 'json', ...extra],
                            'ocf.diagnostics/1', [0]);
  if (withData && !withData.data) failures.push('ocf check ' + contract + ' --data: no "data" key');
  // What if: a let of each example set on top (--compare-set), and this run
  // against the statement just printed (--compare), which differs in nothing.
  const whatIf = {alliance: 'outcome_fund_share=4%', mental_health: 'incentive_share=6%', msk: 'annual_growth=2%',
                  older_people: 'annual_uplift=2%'}[name];
  if (!whatIf) failures.push('no let to set for example ' + name + ' in validate.js');
  const cmp = whatIf && checkOcf(['run', contract, '--data', data, '--format', 'json', ...extra, '--compare-set', whatIf],
                                 'ocf.comparison/1', [0]);
  if (cmp && !cmp.periods.some((p) => p.lines.some((l) => l.difference !== '0.00')))
    failures.push('--compare-set ' + whatIf + ' on ' + name + ': no line changed');
  if (st) {
    const base = path.join(os.tmpdir(), 'ocf-validate-base-' + process.pid + '.json');
    fs.writeFileSync(base, JSON.stringify(st));
    const same = checkOcf(['run', contract, '--data', data, '--format', 'json', ...extra, '--compare', base],
                          'ocf.comparison/1', [0]);
    fs.unlinkSync(base);
    if (same && same.total.difference !== '0.00') failures.push(name + ' compared with itself: ' + same.total.difference);
  }
  if (st && name === 'msk') {
    // One period of the statement: every map holds just that period.
    const label = st.periods[0].label;
    const one = checkOcf(['run', contract, '--data', data, '--format', 'json', '--period', label],
                         'ocf.statement/1', [0]);
    if (one && (one.periods.length !== 1 || one.periods[0].label !== label))
      failures.push('--period ' + label + ': periods is ' + JSON.stringify(one.periods));
  }
}

// `ocf explain --format json` on every example: a line (a group's where the
// first is a `payment ... by` line), a measure, a target, an outcome, the
// achievement, and --all-lines of one period and of the whole term; the
// subjects are taken from the statement, so every example is covered.
for (const name of examples) {
  const contract = path.join('examples', name, name + '.ocf');
  const data = path.join('examples', name, 'data');
  const argsFile = path.join('tests/crosscheck', name + '.args');
  const extra = fs.existsSync(argsFile) ? fs.readFileSync(argsFile, 'utf8').split('\n').filter((l) => l) : [];
  const st = JSON.parse(run(ocf, ['run', contract, '--data', data, '--format', 'json', ...extra]).stdout);
  const base = ['explain', contract, '--data', data, '--format', 'json', ...extra];
  const forms = [];
  const paidIn = Object.keys(st.payments);
  const lastPaid = paidIn[paidIn.length - 1];
  const plain = st.payments[lastPaid].lines.find((l) => !l.group);
  const grouped = Object.values(st.payments).flatMap((p) => p.lines.map((l) => ({...l, period: p.label})))
                      .find((l) => l.group);
  if (plain) forms.push(['--line', plain.name, '--period', lastPaid]);
  if (grouped) forms.push(['--line', grouped.name, '--period', grouped.period || lastPaid, '--group', grouped.group]);
  const period = st.periods[st.periods.length - 1].label;
  const measureNames = Object.keys(st.measures);
  forms.push(['--measure', measureNames[0], '--period', period]);
  const byMeasure = measureNames.find((m) => st.measures[m].groups && Object.keys(st.measures[m].groups).length);
  if (byMeasure)
    forms.push(['--measure', byMeasure, '--period', period, '--group', Object.keys(st.measures[byMeasure].groups)[0]]);
  const targetNames = Object.keys(st.targets || {});
  if (targetNames.length) forms.push(['--target', targetNames[0], '--period', period]);
  const outcomeNames = Object.keys(st.outcomes || {});
  if (outcomeNames.length) {
    forms.push(['--outcome', outcomeNames[0], '--period', period]);
    forms.push(['--achievement', '--period', period]);
  }
  forms.push(['--all-lines', '--period', lastPaid]);
  forms.push(['--all-lines']);
  if (forms.length < 4) failures.push('ocf explain on ' + name + ': only ' + forms.length + ' forms');
  for (const form of forms) {
    const doc = checkOcf([...base, ...form], 'ocf.explain/1', [0]);
    if (doc && form[0] === '--all-lines' && !(doc.explanations && doc.explanations.length))
      failures.push('ocf explain ' + name + ' ' + form.join(' ') + ': no explanations');
  }
  if (!grouped && name === 'alliance') failures.push('alliance has no `payment ... by` line to explain');
}
// Explain's errors: the diagnostics of bad usage (exit 2) and of bad data (exit 1).
for (const argv of [
  ['--period', '2014/15'],                                                  // no subject
  ['--line', 'Outcome incentive', '--measure', 'wait_90th', '--period', '2014/15'],  // two subjects
  ['--line', 'Outcome incentiv', '--period', '2014/15'],                    // unknown line
  ['--measure', 'wait_90', '--period', '2014/15'],                          // unknown measure
  ['--line', 'Outcome incentive', '--period', '1999/00'],                   // unknown period
  ['--line', 'Outcome incentive', '--period', '2014/15', '--format', 'xml'],  // bad --format: no JSON
  ['--all-lines', '--group', 'acute'],
]) {
  const fmt = argv.includes('--format') ? [] : ['--format', 'json'];
  const r = run(ocf, ['explain', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', ...fmt, ...argv]);
  if (r.status !== 2) failures.push('ocf explain ' + argv.join(' ') + ': exit ' + r.status + ', expected 2');
  if (!fmt.length) continue;  // --format xml: no JSON asked for
  check('ocf explain ' + argv.join(' ') + ' (usage)', r.stdout, 'ocf.diagnostics/1');
}
checkOcf(['explain', 'tests/data/contract.ocf', '--data', 'tests/data/bad', '--measure', 'referrals_in', '--period',
          '2014/15 Q1', '--format', 'json'],
         'ocf.diagnostics/1', [1]);
checkOcf(['explain', 'tests/schema/no_such_file.ocf', '--data', 'examples/msk/data', '--achievement', '--period',
          '2014/15', '--format', 'json'], 'ocf.diagnostics/1', [2]);

// Measures of every kind of value (dates, true/false, text, durations, their
// groups), on both engines.
const valueTypes = {};
for (const engine of ['interp', 'jit'])
  valueTypes[engine] = checkOcf(['run', 'tests/schema/value_types.ocf', '--data', 'tests/schema/data', '--format',
                                 'json', '--engine', engine], 'ocf.statement/1', [0]);

// A contract with errors, and data with problems of every kind the fixtures have.
checkOcf(['check', 'tests/data/broken_contract.ocf', '--format', 'json'], 'ocf.diagnostics/1', [1]);
checkOcf(['check', 'tests/golden/types/many_errors_json.ocf', '--format', 'json'], 'ocf.diagnostics/1', [1]);
for (const dir of ['bad', 'many_bad', 'missing_column', 'unterminated']) {
  const doc = checkOcf(['check', 'tests/data/contract.ocf', '--data', 'tests/data/' + dir, '--format', 'json'],
                       'ocf.diagnostics/1', [1]);
  if (doc && !(doc.data && Object.values(doc.data).some((d) => d.problems.length)))
    failures.push('ocf check --data tests/data/' + dir + ': no problems listed');
}

// With --format json, every outcome prints an ocf.diagnostics/1 object on standard output.
checkOcf(['check', 'tests/schema/no_such_file.ocf', '--format', 'json'], 'ocf.diagnostics/1', [2]);  // "error"
checkOcf(['run', 'tests/schema/no_such_file.ocf', '--format', 'json'], 'ocf.diagnostics/1', [2]);
checkOcf(['run', 'tests/data/contract.ocf', '--data', 'tests/data/bad', '--format', 'json'],
         'ocf.diagnostics/1', [1]);  // "data" and "run_errors"
checkOcf(['run', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', '--period', '1999/00', '--format', 'json'],
         'ocf.diagnostics/1', [2]);  // "usage"
checkOcf(['run', 'examples/msk/msk.ocf', '--no-such-option', '--format', 'json'], 'ocf.diagnostics/1', [2]);
// What if: a let's value of the wrong type ("run_errors"), an unknown name, a base that cannot be read.
checkOcf(['check', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', '--set', 'annual_growth=lots', '--format',
          'json'], 'ocf.diagnostics/1', [1]);
checkOcf(['run', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', '--set', 'annual_growth=lots', '--format',
          'json'], 'ocf.diagnostics/1', [1]);
checkOcf(['run', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', '--set', 'anual_growth=2%', '--format',
          'json'], 'ocf.diagnostics/1', [2]);
checkOcf(['run', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', '--compare', 'tests/schema/no_such_file.json',
          '--format', 'json'], 'ocf.diagnostics/1', [2]);
checkOcf(['test', 'tests/schema/no_such_file.ocf', '--format', 'json'], 'ocf.diagnostics/1', [2]);
checkOcf(['check', 'examples/msk/msk.ocf', 'examples/alliance/alliance.ocf', '--format', 'json'],
         'ocf.diagnostics/1', [0]);  // several files: "files"

// ------------------------------------------------------------------ test results
// `ocf test --format json` on the interpreter prints what ocf_test_report prints.
const testFiles = ['tests/schema/failing_tests.ocf', ...examples.map((n) => path.join('examples', n, n + '.ocf'))];
{
  const r = run(testReport, ['json', ...testFiles]);
  const doc = check('ocf_test_report json ' + testFiles.join(' '), r.stdout, 'ocf.test/1');
  if (r.status !== 1) failures.push('ocf_test_report: exit ' + r.status + ' with a failing test, expected 1');
  if (doc && !(doc.passed > 0 && doc.failed === 2))
    failures.push('test results: passed ' + doc.passed + ', failed ' + doc.failed + ': expected some passed and 2 failed');
  const cli = run(ocf, ['test', '--engine', 'interp', '--format', 'json', ...testFiles]);
  check('ocf test --format json', cli.stdout, 'ocf.test/1');
  if (cli.stdout !== r.stdout) failures.push('ocf test --format json differs from ocf_test_report json');
  if (cli.status !== r.status) failures.push('ocf test --format json: exit ' + cli.status + ', expected ' + r.status);
  const missing = run(testReport, ['json', 'tests/schema/no_such_file.ocf']);
  const bad = check('ocf_test_report json (a missing file)', missing.stdout, 'ocf.test/1');
  if (bad && !(bad.errors === 1 && bad.files[0].error)) failures.push('a missing file: no error in the test results');
}

// The API's diagnostics for a file that cannot be read: "error", nothing checked.
{
  const r = run(testReport, ['check', 'tests/schema/no_such_file.ocf']);
  const doc = check('Compilation::RenderJson (a missing file)', r.stdout, 'ocf.diagnostics/1');
  if (doc && !(doc.error && doc.errors === 1)) failures.push('a missing file: no "error" in the diagnostics');
}

// ------------------------------------------------------------------ must fail
// Broken documents: each must be rejected, or the schemas check too little.
function mustFail(what, doc) {
  ++checked;
  if (problems(doc, null).length === 0) failures.push('a broken document passed validation: ' + what);
}
const msk = run(ocf, ['run', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', '--format', 'json']);
const good = JSON.parse(msk.stdout);
const copy = () => JSON.parse(msk.stdout);
const firstPayment = (d) => d.payments[Object.keys(d.payments)[0]];
const firstMeasure = (d) => d.measures[Object.keys(d.measures)[0]];
const firstValue = (d) => {
  const v = firstMeasure(d).values;
  return v[Object.keys(v).find((k) => v[k].value !== null)];
};
if (problems(good, 'ocf.statement/1').length) failures.push('the msk statement does not validate');
let d;
d = copy(); delete d.schema; mustFail('statement without "schema"', d);
d = copy(); d.schema = 'ocf.statement/2'; mustFail('statement of another version', d);
d = copy(); const {schema, ...rest} = d; mustFail('"schema" not first', {...rest, schema});
d = copy(); d.extra = 1; mustFail('statement with an unknown key', d);
d = copy(); delete d.payments; mustFail('statement without payments', d);
d = copy(); firstPayment(d).total = '12.5'; mustFail('a total not to the penny', d);
d = copy(); firstPayment(d).lines[0].amount = 12.5; mustFail('an amount as a JSON number', d);
d = copy(); firstPayment(d).lines[0].shadow = false; mustFail('"shadow": false', d);
d = copy(); firstValue(d).value = '1e3'; mustFail('a value with an exponent', d);
d = copy(); firstValue(d).colour = 'red'; mustFail('a value with an unknown key', d);
d = copy(); d.periods[0].start = '01/04/2014'; mustFail('a date not in ISO form', d);
d = copy(); d.targets[Object.keys(d.targets)[0]][Object.keys(d.targets[Object.keys(d.targets)[0]])[0]].status = 'ok';
mustFail('an unknown target status', d);
d = copy(); firstMeasure(d).type = 'float'; mustFail('an unknown measure type', d);
d = copy(); d.data[Object.keys(d.data)[0]].rows = -1; mustFail('a negative row count', d);
if (valueTypes.interp) {
  const typed = () => JSON.parse(JSON.stringify(valueTypes.interp));
  const types = Object.values(valueTypes.interp.measures).map((m) => m.type).sort();
  for (const t of ['bool', 'date', 'duration', 'text'])
    if (!types.includes(t)) failures.push('tests/schema/value_types.ocf has no ' + t + ' measure: ' + types);
  d = typed(); d.measures.busy.values.term.value = 'yes'; mustFail('a bool measure valued "yes"', d);
  d = typed(); d.measures.busy_by_pathway.groups.pain.term.value = true; mustFail('a bool group value as JSON true', d);
  d = typed(); d.measures.last_referral.values.term.value = '2014-5-1'; mustFail('a date measure valued 2014-5-1', d);
  d = typed(); d.measures.last_by_pathway.groups.pain.term.value = '20 Nov'; mustFail('a date group value 20 Nov', d);
  d = typed(); d.measures.span.values.term.value = '21 days'; mustFail('a duration valued "21 days"', d);
  d = typed(); d.measures.load.values.term.value = 7; mustFail('a text measure valued a JSON number', d);
}
const diag = JSON.parse(run(ocf, ['check', 'tests/data/contract.ocf', '--data', 'tests/data/bad', '--format', 'json']).stdout);
const dcopy = () => JSON.parse(JSON.stringify(diag));
const firstProblem = (x) => x.data[Object.keys(x.data)[0]].problems[0];
if (problems(diag, 'ocf.diagnostics/1').length) failures.push('the data problems do not validate');
d = dcopy(); firstProblem(d).code = 'D0999'; mustFail('a data problem whose code is not its rule\'s', d);
d = dcopy(); delete firstProblem(d).code; mustFail('a data problem without a code', d);
d = dcopy(); firstProblem(d).line = 0; mustFail('a data problem on line 0', d);
d = dcopy(); d.errors = '0'; mustFail('an error count as a string', d);
const errs = JSON.parse(run(ocf, ['check', 'tests/data/broken_contract.ocf', '--format', 'json']).stdout);
const firstError = (x) => x.diagnostics.find((e) => e.severity === 'error');
if (!firstError(errs)) failures.push('tests/data/broken_contract.ocf has no error');
d = JSON.parse(JSON.stringify(errs)); firstError(d).code = 'X0001'; mustFail('an unknown kind of code', d);
d = JSON.parse(JSON.stringify(errs)); firstError(d).severity = 'warning'; mustFail('an E code as a warning', d);
d = JSON.parse(JSON.stringify(errs)); firstError(d).line = 0; mustFail('a diagnostic on line 0', d);

// A comparison: a line on one side only must say so, totals must be money.
const cmpText = run(ocf, ['run', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', '--format', 'json',
                          '--compare-set', 'annual_growth=2%']).stdout;
const ccopy = () => JSON.parse(cmpText);
const firstLine = (x) => x.periods[0].lines[0];
if (problems(ccopy(), 'ocf.comparison/1').length) failures.push('the msk comparison does not validate');
d = ccopy(); firstLine(d).base = null; mustFail('a line without a base amount that does not say so', d);
d = ccopy(); firstLine(d).base = null; firstLine(d).difference = null; firstLine(d).only_in = 'scenario'; if (problems(d, null).length)
  failures.push('a line only in the scenario is refused: ' + problems(d, null).join('; '));
d = ccopy(); firstLine(d).only_in = 'base'; mustFail('a line on both sides said to be in one', d);
d = ccopy(); d.total.difference = 1.5; mustFail('a difference as a JSON number', d);
d = ccopy(); d.periods[0].total.colour = 'red'; mustFail('a total with an unknown key', d);
d = ccopy(); delete d.periods[0].lines; mustFail('a period without lines', d);

// An explanation: nodes of unknown kinds, figures that are not exact text,
// an expr without its op, an unknown status must fail.
const ex = checkOcf(['explain', 'examples/msk/msk.ocf', '--data', 'examples/msk/data', '--line', 'Outcome incentive',
                     '--period', '2014/15', '--format', 'json'], 'ocf.explain/1', [0]);
if (ex) {
  const ecopy = () => JSON.parse(JSON.stringify(ex));
  const nodes = (n) => [n, ...(n.children || []).flatMap(nodes)];
  const find = (x, kind) => nodes(x.tree).find((n) => n.kind === kind);
  if (problems(ecopy(), 'ocf.explain/1').length) failures.push('the msk explanation does not validate');
  for (const kind of ['line', 'expr', 'aggregate', 'target', 'outcome', 'measure', 'let', 'call'])
    if (!find(ex, kind)) failures.push('the msk line\'s explanation has no ' + kind + ' node');
  d = ecopy(); delete d.tree; mustFail('an explanation without a tree', d);
  d = ecopy(); d.explanations = []; mustFail('an explanation with both a tree and explanations', d);
  d = ecopy(); d.subject.what = 'figure'; mustFail('an unknown subject', d);
  d = ecopy(); delete d.subject.name; mustFail('a line subject without a name', d);
  d = ecopy(); d.tree.kind = 'sum'; mustFail('a node of an unknown kind', d);
  d = ecopy(); d.tree.colour = 'red'; mustFail('a node with an unknown key', d);
  d = ecopy(); d.tree.facts.amount = 54646.08; mustFail('a line amount as a JSON number', d);
  d = ecopy(); d.tree.facts.amount = '54646.075'; mustFail('a line amount not to the penny', d);
  d = ecopy(); delete find(d, 'expr').op; mustFail('an expr without its op', d);
  d = ecopy(); find(d, 'expr').op = 'Plus'; mustFail('an expr with an unknown op', d);
  d = ecopy(); find(d, 'measure').op = 'Measure'; mustFail('an op on a measure node', d);
  d = ecopy(); find(d, 'aggregate').value = 0.5; mustFail('a value as a JSON number', d);
  d = ecopy(); find(d, 'aggregate').value = '6.2e-1'; mustFail('a decimal value with an exponent', d);
  d = ecopy(); find(d, 'target').facts.status = 'ok'; mustFail('an unknown target status', d);
  d = ecopy(); find(d, 'outcome').facts.weight = 0.3; mustFail('an outcome weight as a JSON number', d);
  d = ecopy(); find(d, 'aggregate').place.line = 0; mustFail('a node on line 0', d);
  d = ecopy(); d.truncated = 'no'; mustFail('truncated as a string', d);
}

// ------------------------------------------------------------------ report
if (failures.length) {
  console.error(failures.length + ' of ' + checked + ' checks failed:\n- ' + failures.join('\n- '));
  console.log('0 passed, ' + failures.length + ' failed');
  process.exit(1);
}
console.log('validate: ' + checked + ' JSON documents checked against ' + schemaFiles.length + ' schemas (' +
            goldens + ' goldens, ' + examples.length + ' examples)');
