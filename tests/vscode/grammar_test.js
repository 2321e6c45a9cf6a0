// The VS Code extension's TextMate grammar, tokenized by VS Code's own engine
// (ctest `vscode_grammar`): npm vscode-textmate + vscode-oniguruma, installed
// into the build tree by tests/vscode/setup_npm.sh.
//
// For every example (examples/*/*.ocf), every standard library file
// (stdlib/**/*.ocf) and the purpose-written files in tests/vscode/grammar/,
// the scopes of every token are compared with a golden file
// (tests/vscode/grammar/expected/NAME.scopes, one token a line:
// `LINE:COL-COL text  scope scope ...`, columns 1-based and the end exclusive,
// the root scope `source.ocf` left out). OCF_UPDATE_GOLDEN=1 rewrites them.
//
// Independently of the goldens it checks that
//   - the grammar JSON is valid, every regular expression compiles in
//     Oniguruma and every `include` resolves;
//   - in every file, and in every input of the golden tests
//     (tests/golden/**/*.ocf, many with syntax errors), each literal,
//     comment, string, table row and hard keyword found by a small lexer
//     written from grammar/Ocf.g4's lexer rules gets its kind of scope on
//     every character (a money amount constant.numeric.money, a comment
//     comment.*, `//` inside a string or a table row no comment, ...), and no
//     hard keyword is ever coloured as a name;
//   - every hard keyword of grammar/Ocf.g4 gets a keyword scope in
//     all_constructs.ocf, and every soft keyword one in its own position;
//   - all_constructs.ocf passes `ocf check`;
//   - editors/vscode/package.json's contributed paths exist, the language
//     configuration and snippets are valid JSON with the expected parts, and
//     every snippet, its placeholders filled with their defaults and wrapped
//     in a small contract where it needs one, passes `ocf check` (the test
//     snippet `ocf test` too);
//   - extension.js is valid JavaScript, starts `ocf lsp` and registers the
//     commands package.json contributes;
//   - when this ocf has the `lsp` command, every semantic token type in the
//     legend `ocf lsp --stdio` sends is standard or contributed by
//     package.json (VS Code ignores others), and package.json's
//     semanticTokenScopes fall back to scopes the grammar gives.
// Without node's packages it prints SKIPPED and exits 77.
//
//   NODE_PATH=build/release/npm/node_modules node tests/vscode/grammar_test.js \
//     --source . --ocf build/release/ocf
'use strict';
const fs = require('fs');
const path = require('path');
const os = require('os');
const { spawn, spawnSync } = require('child_process');

const SKIP = 77;
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const source = path.resolve(option('--source', '.'));
const ocf = path.resolve(option('--ocf', 'build/release/ocf'));
const update = process.env.OCF_UPDATE_GOLDEN === '1';
const extDir = path.join(source, 'editors/vscode');
const testDir = path.join(source, 'tests/vscode/grammar');
const expectedDir = path.join(testDir, 'expected');

function skip(why) {
  console.log('='.repeat(78));
  console.log(`SKIPPED: the VS Code grammar test did not run because ${why}`);
  console.log('='.repeat(78));
  process.exit(SKIP);
}

let vsctm, oniguruma;
try {
  vsctm = require('vscode-textmate');
  oniguruma = require('vscode-oniguruma');
} catch (e) {
  skip(`vscode-textmate or vscode-oniguruma is not installed (tests/vscode/setup_npm.sh installs them; NODE_PATH=${process.env.NODE_PATH || ''})`);
}

let failures = 0;
function fail(message) {
  failures++;
  console.log(`FAIL: ${message}`);
}

// ---------------------------------------------------------------- inputs
function ocfFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...ocfFiles(full));
    else if (entry.name.endsWith('.ocf')) out.push(full);
  }
  return out.sort();
}
const inputs = [
  ...fs.readdirSync(path.join(source, 'examples')).sort()
    .flatMap((d) => {
      const dir = path.join(source, 'examples', d);
      return fs.statSync(dir).isDirectory()
        ? fs.readdirSync(dir).filter((f) => f.endsWith('.ocf')).sort().map((f) => path.join(dir, f)) : [];
    }),
  ...ocfFiles(path.join(source, 'stdlib')),
  ...fs.readdirSync(testDir).filter((f) => f.endsWith('.ocf')).sort().map((f) => path.join(testDir, f)),
];
// A golden's name: the path with `/` as `_`, without `tests/vscode/grammar/`.
function goldenName(file) {
  const rel = path.relative(source, file).split(path.sep).join('/');
  return rel.replace(/^tests\/vscode\/grammar\//, '').replace(/\.ocf$/, '').replace(/\//g, '_');
}

// The semantic token legend `ocf lsp --stdio` (the command line the
// extension runs) answers `initialize` with, or null when this ocf has no
// `lsp` command.
function serverLegend(ocfPath) {
  if (spawnSync(ocfPath, ['lsp', '--help'], { encoding: 'utf8' }).status !== 0) return Promise.resolve(null);
  return new Promise((resolve) => {
    const child = spawn(ocfPath, ['lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let received = Buffer.alloc(0);
    const send = (message) => {
      const body = Buffer.from(JSON.stringify(message));
      child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
      child.stdin.write(body);
    };
    const timer = setTimeout(() => {
      fail('ocf lsp --stdio did not answer `initialize` within 10 s');
      child.kill();
      resolve({});
    }, 10000);
    child.stdout.on('data', (chunk) => {
      received = Buffer.concat([received, chunk]);
      const text = received.toString('utf8');
      const header = /Content-Length: (\d+)\r\n\r\n/.exec(text);
      if (!header) return;
      const start = received.indexOf('\r\n\r\n') + 4;
      const length = Number(header[1]);
      if (received.length < start + length) return;
      clearTimeout(timer);
      const reply = JSON.parse(received.slice(start, start + length).toString('utf8'));
      send({ jsonrpc: '2.0', id: 2, method: 'shutdown' });
      send({ jsonrpc: '2.0', method: 'exit' });
      child.stdin.end();
      const provider = reply.result && reply.result.capabilities && reply.result.capabilities.semanticTokensProvider;
      if (!provider) fail(`ocf lsp answered initialize without semantic tokens: ${JSON.stringify(reply).slice(0, 300)}`);
      resolve((provider && provider.legend) || {});
    });
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  });
}

// ---------------------------------------------------------------- the grammar's JSON
const grammarPath = path.join(extDir, 'syntaxes/ocf.tmLanguage.json');
const grammarJson = JSON.parse(fs.readFileSync(grammarPath, 'utf8'));

(async () => {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));

  // Every include resolves and every regular expression compiles.
  const repository = grammarJson.repository || {};
  const regexKeys = ['match', 'begin', 'end', 'while'];
  let rules = 0;
  function walk(rule, where) {
    if (!rule || typeof rule !== 'object') return;
    rules++;
    for (const key of regexKeys) {
      if (typeof rule[key] !== 'string') continue;
      // Back-references to the begin match (\1 in an end) are not used.
      try {
        new oniguruma.OnigScanner([rule[key]]).dispose();
      } catch (e) {
        fail(`${where}.${key}: the regular expression does not compile: ${e.message}`);
      }
    }
    if (typeof rule.include === 'string') {
      const inc = rule.include;
      if (inc.startsWith('#')) {
        if (!(inc.slice(1) in repository)) fail(`${where}: include ${inc} is not in the repository`);
      } else if (inc !== '$self' && inc !== '$base' && inc !== grammarJson.scopeName) {
        fail(`${where}: include ${inc} is another grammar`);
      }
    }
    for (const list of ['patterns']) {
      (rule[list] || []).forEach((r, i) => walk(r, `${where}.${list}[${i}]`));
    }
    for (const caps of ['captures', 'beginCaptures', 'endCaptures']) {
      for (const [k, c] of Object.entries(rule[caps] || {})) walk(c, `${where}.${caps}[${k}]`);
    }
  }
  if (grammarJson.scopeName !== 'source.ocf') fail(`the grammar's scopeName is ${grammarJson.scopeName}, not source.ocf`);
  (grammarJson.patterns || []).forEach((r, i) => walk(r, `patterns[${i}]`));
  for (const [name, r] of Object.entries(repository)) walk(r, `repository.${name}`);
  // Every repository entry is used (an unused one is a mistake in waiting).
  const text = JSON.stringify(grammarJson);
  for (const name of Object.keys(repository)) {
    if (!text.includes(`"#${name}"`)) fail(`repository.${name} is never included`);
  }

  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === 'source.ocf' ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath) : null,
  });
  const grammar = await registry.loadGrammar('source.ocf');

  // Tokens of a file: [{line, start, end, text, scopes}] (0-based line and
  // columns in UTF-16 code units, as VS Code counts them), and a map from
  // `line:col` to the token's scopes for the checks below.
  function tokenize(textOfFile) {
    const lines = textOfFile.split(/\r?\n/);
    let stack = vsctm.INITIAL;
    const tokens = [];
    lines.forEach((line, n) => {
      const r = grammar.tokenizeLine(line, stack);
      for (const t of r.tokens) {
        const end = Math.min(t.endIndex, line.length);
        if (end <= t.startIndex) continue;
        tokens.push({ line: n, start: t.startIndex, end, text: line.slice(t.startIndex, end), scopes: t.scopes.slice(1) });
      }
      stack = r.ruleStack;
    });
    return { lines, tokens };
  }
  function scopesAt(tokenized) {
    const at = tokenized.lines.map((l) => new Array(l.length).fill(null));
    for (const t of tokenized.tokens) for (let c = t.start; c < t.end; c++) at[t.line][c] = t.scopes;
    return at;
  }

  // ------------------------------------------------------------ goldens
  const written = new Set();
  const tokenizedFiles = new Map();
  for (const file of inputs) {
    const name = goldenName(file);
    const tokenized = tokenize(fs.readFileSync(file, 'utf8'));
    tokenizedFiles.set(file, tokenized);
    const out = tokenized.tokens
      .filter((t) => t.text.trim() !== '')
      .map((t) => `${t.line + 1}:${t.start + 1}-${t.end + 1} ${t.text}  ${t.scopes.join(' ') || '-'}`)
      .join('\n') + '\n';
    const golden = path.join(expectedDir, `${name}.scopes`);
    written.add(`${name}.scopes`);
    if (update) {
      fs.mkdirSync(expectedDir, { recursive: true });
      if (!fs.existsSync(golden) || fs.readFileSync(golden, 'utf8') !== out) {
        fs.writeFileSync(golden, out);
        console.log(`updated ${path.relative(source, golden)}`);
      }
      continue;
    }
    if (!fs.existsSync(golden)) {
      fail(`${path.relative(source, file)}: no golden ${path.relative(source, golden)} (run with OCF_UPDATE_GOLDEN=1)`);
      continue;
    }
    const want = fs.readFileSync(golden, 'utf8').split('\n');
    const got = out.split('\n');
    const n = want.findIndex((l, i) => l !== got[i]);
    if (n >= 0 || want.length !== got.length) {
      const i = n >= 0 ? n : Math.min(want.length, got.length);
      fail(`${path.relative(source, file)}: scopes differ from ${path.relative(source, golden)} at its line ${i + 1}:\n` +
           `    expected: ${want[i]}\n    got:      ${got[i]}\n` +
           '  (if the change is meant, run with OCF_UPDATE_GOLDEN=1 and read the diff)');
    }
  }
  // A golden whose input is gone.
  if (fs.existsSync(expectedDir)) {
    for (const f of fs.readdirSync(expectedDir)) {
      if (written.has(f)) continue;
      if (update) {
        fs.unlinkSync(path.join(expectedDir, f));
        console.log(`removed tests/vscode/grammar/expected/${f} (no input)`);
      } else {
        fail(`tests/vscode/grammar/expected/${f} has no input file`);
      }
    }
  }

  // ------------------------------------------------------------ an independent lexer
  // grammar/Ocf.g4's lexer rules, for the check that every literal, comment
  // and string is coloured as one. Keywords are read from the .g4 itself.
  const g4 = fs.readFileSync(path.join(source, 'grammar/Ocf.g4'), 'utf8');
  const section = (from, to) => g4.slice(g4.indexOf(from), g4.indexOf(to, g4.indexOf(from)));
  const keywordsIn = (s) => [...s.matchAll(/^([A-Z_]+)\s*:\s*'([a-z_]+)'\s*;/gm)].map((m) => ({ token: m[1], word: m[2] }));
  const hardKeywords = keywordsIn(section('// Hard keywords.', '// Soft keywords.')).map((k) => k.word);
  const softKeywords = keywordsIn(section('// Soft keywords.', '// Literals.')).map((k) => k.word);
  // A word that can never be a name: a hard keyword not in the `name` rule
  // (`population` is listed with the hard keywords but is also a name).
  const nameRule = (g4.match(/^name\s*\n\s*:([^;]*);/m) || ['', ''])[1];
  const asNames = new Set(nameRule.match(/[A-Z_]+/g) || []);
  const hard = new Set(keywordsIn(section('// Hard keywords.', '// Soft keywords.'))
    .filter((k) => !asNames.has(k.token)).map((k) => k.word));
  if (hardKeywords.length < 30 || softKeywords.length < 30 || asNames.size < 30 || hard.size < 30) {
    fail(`read ${hardKeywords.length} hard and ${softKeywords.length} soft keywords, ${asNames.size} tokens of \`name\` from grammar/Ocf.g4: its layout changed`);
  }
  const UNITS = new Set(['day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'quarter', 'quarters']);
  const DIGITS = '[0-9](?:_?[0-9])*';
  const lexRules = [
    ['comment', /\/\/[^\r\n]*/y],
    ['comment', /\/\*[\s\S]*?(?:\*\/|$(?![\s\S]))/y],
    ['string', /"(?:\\[^\r\n]|[^\\"\r\n])*"?/y],
    ['row', /\|[^\r\n]*/y],
    ['money', new RegExp(`[\u00A3$\u20AC]${DIGITS}(?:\\.${DIGITS})?[a-zA-Z_]*`, 'y')],
    ['date', /[0-9]{4}-[0-9]{2}-[0-9]{2}/y],
    ['percent', new RegExp(`${DIGITS}(?:\\.${DIGITS})?%`, 'y')],
    ['ordinal', new RegExp(`${DIGITS}(?:st|nd|rd|th)`, 'y')],
    ['number', new RegExp(`${DIGITS}(?:\\.${DIGITS})?`, 'y')],
    ['ident', /[A-Za-z_][A-Za-z0-9_]*/y],
    ['space', /\s+/y],
    ['other', /[\s\S]/y],
  ];
  function lex(textOfFile) {
    const out = [];
    let pos = 0;
    while (pos < textOfFile.length) {
      let best = null;
      for (const [kind, re] of lexRules) {
        re.lastIndex = pos;
        const m = re.exec(textOfFile);
        // The longest match wins, the first listed on a tie (as in ANTLR).
        if (m && m[0].length > 0 && (!best || m[0].length > best.text.length)) best = { kind, text: m[0], pos };
      }
      out.push(best);
      pos += best.text.length;
    }
    return out.filter((t) => t.kind !== 'space');
  }
  // Which scopes each kind of token must carry on every character.
  const wanted = {
    comment: /^comment\./,
    string: /^string\./,
    row: /^markup\.table\./,
    money: /^constant\.numeric\.money\./,
    date: /^constant\.numeric\.date\./,
    percent: /^constant\.numeric\.percent\./,
    ordinal: /^constant\.numeric\.ordinal\./,
    duration: /^constant\.numeric\.duration\./,
    number: /^constant\.numeric\./,
  };
  const isKeywordScope = (s) => /^(keyword|storage\.type|storage\.modifier)\./.test(s);
  const keywordScopeFor = (word, scopes) =>
    scopes.some(isKeywordScope) ||
    ((word === 'true' || word === 'false') && scopes.some((s) => s.startsWith('constant.language.boolean.'))) ||
    (['int', 'decimal', 'percent', 'money', 'bool', 'date', 'duration', 'text', 'id'].includes(word) &&
     scopes.some((s) => s.startsWith('support.type.')));
  const keywordSeen = new Map();
  let checkedTokens = 0;
  // The golden tests' inputs (tests/golden/**) too, without goldens of their
  // own: hundreds of contracts, many with syntax errors, as an editor shows
  // them while they are typed.
  const notContracts = new Set([
    'tests/golden/imports/lib/notes.ocf', // prose: a file that is not a contract, to be refused
  ]);
  const invariantOnly = ocfFiles(path.join(source, 'tests/golden'))
    .filter((f) => !notContracts.has(path.relative(source, f).split(path.sep).join('/')));
  if (invariantOnly.length < 100) fail(`only ${invariantOnly.length} inputs in tests/golden`);
  for (const file of [...inputs, ...invariantOnly]) {
    const rel = path.relative(source, file);
    const textOfFile = fs.readFileSync(file, 'utf8');
    const tokenized = tokenizedFiles.get(file) || tokenize(textOfFile);
    const at = scopesAt(tokenized);
    // Offsets to line and column.
    const lineStarts = [0];
    for (let i = 0; i < textOfFile.length; i++) if (textOfFile[i] === '\n') lineStarts.push(i + 1);
    const where = (offset) => {
      let lo = 0, hi = lineStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lineStarts[mid] <= offset) lo = mid; else hi = mid - 1;
      }
      return [lo, offset - lineStarts[lo]];
    };
    const lexed = lex(textOfFile);
    const problems = [];
    const check = (kind, start, end, label) => {
      for (let o = start; o < end; o++) {
        if (/\s/.test(textOfFile[o])) continue;
        const [l, c] = where(o);
        const scopes = at[l] && at[l][c];
        checkedTokens++;
        if (!scopes || !scopes.some((s) => wanted[kind].test(s))) {
          problems.push(`${rel}:${l + 1}:${c + 1}: ${kind} ${JSON.stringify(label)} has scopes [${(scopes || []).join(' ')}]`);
          return;
        }
      }
    };
    lexed.forEach((t, i) => {
      const next = lexed[i + 1];
      if (t.kind === 'number' && next && next.kind === 'ident' && UNITS.has(next.text)) {
        const end = next.pos + next.text.length;
        check('duration', t.pos, end, textOfFile.slice(t.pos, end));
      } else if (t.kind in wanted) {
        check(t.kind, t.pos, t.pos + t.text.length, t.text);
      }
      if (t.kind === 'ident' && (hardKeywords.includes(t.text) || softKeywords.includes(t.text))) {
        const [l, c] = where(t.pos);
        const scopes = at[l][c] || [];
        const isKeyword = keywordScopeFor(t.text, scopes);
        if (isKeyword && file.endsWith('all_constructs.ocf')) keywordSeen.set(t.text, true);
        if (hard.has(t.text) && !isKeyword && !scopes.some((s) => s.startsWith('support.function.builtin.'))) {
          problems.push(`${rel}:${l + 1}:${c + 1}: hard keyword \`${t.text}\` has scopes [${scopes.join(' ')}]`);
        }
      }
      // No comment scope outside comments: `//` in a string or a row.
      if (t.kind !== 'comment') {
        const [l, c] = where(t.pos);
        const scopes = at[l] && at[l][c];
        if (scopes && scopes.some((s) => s.startsWith('comment.'))) {
          problems.push(`${rel}:${l + 1}:${c + 1}: ${t.kind} ${JSON.stringify(t.text)} is coloured as a comment`);
        }
      }
    });
    for (const p of problems.slice(0, 20)) fail(p);
    if (problems.length > 20) fail(`${rel}: ... and ${problems.length - 20} more`);
  }
  for (const word of [...hardKeywords, ...softKeywords]) {
    if (!keywordSeen.has(word)) fail(`keyword \`${word}\` (grammar/Ocf.g4) is never given a keyword scope in tests/vscode/grammar/all_constructs.ocf`);
  }

  // all_constructs.ocf is a real contract.
  const checkAll = spawnSync(ocf, ['check', path.join(testDir, 'all_constructs.ocf')], { encoding: 'utf8' });
  if (checkAll.status !== 0) fail(`ocf check all_constructs.ocf exits ${checkAll.status}:\n${checkAll.stderr}${checkAll.stdout}`);

  // ------------------------------------------------------------ the extension folder
  const pkg = JSON.parse(fs.readFileSync(path.join(extDir, 'package.json'), 'utf8'));
  const contributes = pkg.contributes || {};
  const mustExist = (rel, what) => {
    if (!rel || !fs.existsSync(path.join(extDir, rel))) fail(`package.json: ${what} ${rel} does not exist`);
  };
  mustExist(pkg.main, 'main');
  const language = (contributes.languages || []).find((l) => l.id === 'ocf');
  if (!language || !(language.extensions || []).includes('.ocf')) fail('package.json contributes no language `ocf` for .ocf files');
  else mustExist(language.configuration, 'the language configuration');
  const grammarEntry = (contributes.grammars || []).find((g) => g.scopeName === 'source.ocf');
  if (!grammarEntry || grammarEntry.language !== 'ocf') fail('package.json contributes no grammar source.ocf for ocf');
  else if (path.resolve(extDir, grammarEntry.path) !== grammarPath) fail(`package.json's grammar is ${grammarEntry.path}`);
  const snippetEntry = (contributes.snippets || []).find((s) => s.language === 'ocf');
  if (!snippetEntry) fail('package.json contributes no snippets for ocf');
  else mustExist(snippetEntry.path, 'the snippets');
  const props = ((contributes.configuration || {}).properties) || {};
  if (!props['ocf.path'] || props['ocf.path'].default !== 'ocf') fail('package.json: no setting ocf.path defaulting to "ocf"');
  if (!props['ocf.trace.server']) fail('package.json: no setting ocf.trace.server');
  if (!pkg.dependencies || !pkg.dependencies['vscode-languageclient']) fail('package.json does not depend on vscode-languageclient');
  if (!pkg.engines || !pkg.engines.vscode) fail('package.json has no engines.vscode');
  if (!(pkg.activationEvents || []).includes('onLanguage:ocf')) fail('package.json does not activate on the ocf language');

  const config = JSON.parse(fs.readFileSync(path.join(extDir, language ? language.configuration : 'language-configuration.json'), 'utf8'));
  if (!config.comments || config.comments.lineComment !== '//' ||
      JSON.stringify(config.comments.blockComment) !== JSON.stringify(['/*', '*/'])) {
    fail('language-configuration.json: comments are not // and /* */');
  }
  for (const pair of [['{', '}'], ['(', ')']]) {
    if (!(config.brackets || []).some((b) => b[0] === pair[0] && b[1] === pair[1])) fail(`language-configuration.json: no bracket pair ${pair.join('')}`);
  }
  if (!(config.autoClosingPairs || []).some((p) => (p.open || p[0]) === '"')) fail('language-configuration.json: quotes do not close');
  for (const key of ['wordPattern', 'indentationRules']) {
    if (!config[key]) fail(`language-configuration.json: no ${key}`);
  }
  for (const [key, re] of [['wordPattern', config.wordPattern],
                           ['folding.markers.start', config.folding && config.folding.markers && config.folding.markers.start],
                           ['folding.markers.end', config.folding && config.folding.markers && config.folding.markers.end],
                           ['indentationRules.increaseIndentPattern', config.indentationRules && config.indentationRules.increaseIndentPattern],
                           ['indentationRules.decreaseIndentPattern', config.indentationRules && config.indentationRules.decreaseIndentPattern]]) {
    try {
      new RegExp(re); // VS Code reads these as JavaScript regular expressions
    } catch (e) {
      fail(`language-configuration.json: ${key} is not a regular expression: ${e.message}`);
    }
  }
  if (config.wordPattern) {
    const word = new RegExp(config.wordPattern);
    if ((word.exec('  seen_in_18_weeks = ') || [])[0] !== 'seen_in_18_weeks') fail('wordPattern does not take a whole name');
  }

  // What the patterns do on lines of real contracts.
  const behaves = (key, pattern, yes, no) => {
    if (!pattern) return;
    const re = new RegExp(pattern);
    for (const line of yes) if (!re.test(line)) fail(`language-configuration.json: ${key} does not match ${JSON.stringify(line)}`);
    for (const line of no) if (re.test(line)) fail(`language-configuration.json: ${key} matches ${JSON.stringify(line)}`);
  };
  const indentRules = config.indentationRules || {};
  behaves('increaseIndentPattern', indentRules.increaseIndentPattern,
    ['data referrals "Referrals" dated by referred_on {', '  given referrals {', 'payment yearly {', 'function f(',
     'measure m = sum (match age {'],
    ['outcome access weight 100% { seen_on_time }', '// a comment {', 'let x = (a + b)', '  pay "A {" = £1', '}']);
  behaves('decreaseIndentPattern', indentRules.decreaseIndentPattern, ['}', '  }', ')'], ['  let x = 1', '  pay "}" = £1']);
  const markers = (config.folding && config.folding.markers) || {};
  behaves('folding.markers.start', markers.start, ['// region Schedule 1', '  //region', '// #region'], ['// regional budget', 'let region = 1']);
  behaves('folding.markers.end', markers.end, ['// endregion', '  //endregion'], ['// endregional']);

  const extensionJs = fs.readFileSync(path.join(extDir, 'extension.js'), 'utf8');
  for (const command of contributes.commands || []) {
    if (!extensionJs.includes(`registerCommand('${command.command}'`)) fail(`package.json's command ${command.command} is not registered in extension.js`);
  }
  if (!/args:\s*\['lsp'\]/.test(extensionJs)) fail('extension.js does not start `ocf lsp`');
  const syntaxCheck = spawnSync(process.execPath, ['--check', path.join(extDir, 'extension.js')], { encoding: 'utf8' });
  if (syntaxCheck.status !== 0) fail(`extension.js is not valid JavaScript:\n${syntaxCheck.stderr}`);

  // Semantic tokens: every token type and modifier in the legend `ocf lsp`
  // sends is a standard one or contributed by package.json (VS Code ignores
  // others), and the scopes themes without semantic colours fall back to are
  // the grammar's own.
  const standardTypes = new Set(['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter',
    'parameter', 'variable', 'property', 'enumMember', 'event', 'function', 'method', 'macro', 'keyword',
    'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator']);
  const standardModifiers = new Set(['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract',
    'async', 'modification', 'documentation', 'defaultLibrary']);
  const contributedTypes = new Set((contributes.semanticTokenTypes || []).map((t) => t.id));
  for (const t of contributes.semanticTokenTypes || []) {
    if (!standardTypes.has(t.superType)) fail(`package.json: semantic token type ${t.id} has no standard superType`);
  }
  for (const entry of contributes.semanticTokenScopes || []) {
    for (const [type, scopes] of Object.entries(entry.scopes || {})) {
      if (!contributedTypes.has(type) && !standardTypes.has(type)) fail(`package.json: semanticTokenScopes names an unknown type ${type}`);
      for (const scope of scopes) {
        if (!text.includes(`"${scope}"`)) fail(`package.json: semanticTokenScopes maps ${type} to ${scope}, which the grammar never gives`);
      }
    }
  }
  const legend = await serverLegend(ocf);
  if (legend === null) {
    console.log('NOTE: this ocf has no `lsp` command: the semantic token legend was not checked');
  } else {
    for (const t of legend.tokenTypes || []) {
      if (!standardTypes.has(t) && !contributedTypes.has(t)) fail(`ocf lsp's semantic token type ${t} is neither standard nor in package.json's semanticTokenTypes`);
    }
    for (const m of legend.tokenModifiers || []) {
      if (!standardModifiers.has(m)) fail(`ocf lsp's semantic token modifier ${m} is not a standard one`);
    }
    console.log(`semantic token legend of \`ocf lsp\`: ${(legend.tokenTypes || []).length} types, all known to VS Code`);
  }

  // Snippets: each one, its placeholders filled with their defaults (the
  // first choice of a choice), after the declarations it refers to.
  const snippets = JSON.parse(fs.readFileSync(path.join(extDir, snippetEntry ? snippetEntry.path : 'snippets/ocf.json'), 'utf8'));
  const layers = {
    contract: 'contract "Snippet test" {\n  commissioner "NHS Test ICB"\n  term 2025-04-01 to 2028-03-31\n  periods quarterly\n}\n',
    data: 'data referrals dated by referred_on {\n  referral_id : id key\n  age : int\n  referred_on : date\n  first_seen_on : date?\n}\n',
    measure: 'measure seen_on_time = percent of referrals where first_seen_on is present and first_seen_on <= referred_on + 18 weeks\n',
    target: 'target seen_on_time from 40% to 90%\n',
    outcome: 'outcome access weight 100% { seen_on_time }\n',
  };
  // What each snippet needs before it (by the snippet's prefix); a snippet
  // not listed here fails, so a new one gets its context written.
  const needs = {
    contract: [],
    data: ['contract'],
    population: ['contract', 'data'],
    let: ['contract'],
    input: ['contract'],
    import: ['contract'],
    type: ['contract'],
    function: ['contract'],
    measure: ['contract', 'data'],
    target: ['contract', 'data', 'measure'],
    outcome: ['contract', 'data', 'measure', 'target'],
    payment: ['contract', 'data', 'measure', 'target', 'outcome'],
    test: ['contract', 'data', 'measure'],
  };
  function fill(body) {
    const textOfBody = Array.isArray(body) ? body.join('\n') : body;
    const defaults = {};
    // Nested placeholders are not used; ${N:default}, ${N|a,b|}, $N and ${N}.
    let outText = textOfBody.replace(/\$\{(\d+):([^}]*)\}/g, (m, n, d) => { defaults[n] = d; return d; });
    outText = outText.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (m, n, choices) => { defaults[n] = choices.split(',')[0]; return defaults[n]; });
    outText = outText.replace(/\$\{(\d+)\}|\$(\d+)/g, (m, a, b) => defaults[a || b] || '');
    if (/\$\{|\$\d/.test(outText)) fail(`a snippet keeps a placeholder after filling: ${outText}`);
    return outText;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ocf-snippets-'));
  try {
    const seen = new Set();
    for (const [title, snippet] of Object.entries(snippets)) {
      const prefix = Array.isArray(snippet.prefix) ? snippet.prefix[0] : snippet.prefix;
      if (!prefix || !snippet.body || !snippet.description) { fail(`snippet ${title}: needs prefix, body and description`); continue; }
      seen.add(prefix);
      if (!(prefix in needs)) { fail(`snippet ${title} (prefix ${prefix}): no context in tests/vscode/grammar_test.js's \`needs\``); continue; }
      const filled = fill(snippet.body);
      const file = path.join(tmp, `${prefix}.ocf`);
      fs.writeFileSync(file, needs[prefix].map((l) => layers[l]).join('\n') + '\n' + filled + '\n');
      const r = spawnSync(ocf, ['check', file], { encoding: 'utf8' });
      if (r.status !== 0) fail(`snippet ${title}, filled with its defaults, fails \`ocf check\` (exit ${r.status}):\n${filled}\n${r.stderr}${r.stdout}`);
      // The test snippet's example is a passing test, as an author would start from.
      if (prefix === 'test') {
        const t = spawnSync(ocf, ['test', file], { encoding: 'utf8' });
        if (t.status !== 0) fail(`snippet ${title}, filled with its defaults, fails \`ocf test\` (exit ${t.status}):\n${filled}\n${t.stderr}${t.stdout}`);
      }
      // A snippet is tokenized without a line coloured as an error.
      const toks = tokenize(filled).tokens;
      if (toks.some((t) => t.scopes.some((s) => s.startsWith('invalid.')))) fail(`snippet ${title}: the grammar marks part of it invalid`);
    }
    for (const p of Object.keys(needs)) if (!seen.has(p)) fail(`no snippet with prefix ${p}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  console.log(`${inputs.length} files tokenized against goldens and ${invariantOnly.length} golden-test inputs, ` +
              `${checkedTokens} characters of literals, comments and strings checked, ` +
              `${Object.keys(snippets).length} snippets checked`);
  if (failures) {
    console.log(`${failures} failure(s)`);
    process.exit(1);
  }
  console.log(update ? 'goldens updated' : 'ok');
})().catch((e) => {
  console.log(`FAIL: ${e.stack || e}`);
  process.exit(1);
});
