// One test per capability of `ocf lsp`, each a ctest of its own
// (tests/CMakeLists.txt: lsp_CASE): node lsp.test.js --ocf BIN --case CASE.
// Each asserts real content against examples/msk/msk.ocf (or a copy with a
// known error), never only that an answer came.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { Client, check, fail, parseArgs, tempContract, find, applyEdits } = require('./client');

const args = parseArgs();
const mskText = fs.readFileSync(path.join(args.source, 'examples/msk/msk.ocf'), 'utf8');
// A known error on the last line, after an astral character (two UTF-16
// code units, one code point): E0402 at `+`, a note at `5`, a help line.
const brokenLine = 'measure broken = seen_in_18_weeks /* \u{1F600} */ + 5';
const brokenText = mskText + brokenLine + '\n';
const brokenLineNo = mskText.split('\n').length - 1;

const cases = {
  async lifecycle() {
    // A request before initialize: ServerNotInitialized.
    let c = new Client(args.ocf);
    try {
      await c.request('textDocument/hover', { textDocument: { uri: 'file:///x.ocf' }, position: { line: 0, character: 0 } });
      fail('a request before initialize was answered');
    } catch (e) {
      check(e.code === -32002, `before initialize: error ${e.code}, wanted -32002 (ServerNotInitialized)`);
    }
    const init = await c.initialize();
    const caps = init.capabilities;
    check(caps.positionEncoding === 'utf-16', `positionEncoding ${caps.positionEncoding} without utf-32 offered`);
    check(caps.textDocumentSync.change === 2 && caps.textDocumentSync.openClose, 'incremental sync is announced');
    for (const p of ['hoverProvider', 'definitionProvider', 'referencesProvider', 'documentSymbolProvider']) {
      check(caps[p] === true, `${p} is announced`);
    }
    check(caps.renameProvider.prepareProvider === true, 'prepareRename is announced');
    check(caps.semanticTokensProvider.full === true, 'semantic tokens are announced');
    check(init.serverInfo.name === 'ocf', 'serverInfo names ocf');
    try {
      await c.request('initialize', { processId: null, rootUri: null, capabilities: {} });
      fail('a second initialize was answered');
    } catch (e) {
      check(e.code === -32600, `second initialize: error ${e.code}, wanted -32600`);
    }
    await c.request('shutdown', null);
    try {
      await c.request('textDocument/hover', { textDocument: { uri: 'file:///x.ocf' }, position: { line: 0, character: 0 } });
      fail('a request after shutdown was answered');
    } catch (e) {
      check(e.code === -32600, `after shutdown: error ${e.code}, wanted -32600 (InvalidRequest)`);
    }
    c.notify('exit', null);
    let { code } = await c.exited;
    check(code === 0, `exit after shutdown: status ${code}, wanted 0`);

    // utf-32 offered: taken. exit without shutdown: status 1.
    c = new Client(args.ocf);
    const caps32 = (await c.initialize({ general: { positionEncodings: ['utf-8', 'utf-32', 'utf-16'] } })).capabilities;
    check(caps32.positionEncoding === 'utf-32', `positionEncoding ${caps32.positionEncoding} with utf-32 offered`);
    c.notify('exit', null);
    ({ code } = await c.exited);
    check(code === 1, `exit without shutdown: status ${code}, wanted 1`);

    // The input ends without exit: status 1, no hang.
    c = new Client(args.ocf);
    await c.initialize();
    await new Promise((r) => setTimeout(r, 200));  // let `initialized` go out first
    c.child.stdin.end();
    ({ code } = await c.exited);
    check(code === 1, `end of input: status ${code}, wanted 1`);
  },

  async diagnostics() {
    for (const enc of ['utf-16', 'utf-32']) {
      const c = new Client(args.ocf);
      const caps = Client.defaultCapabilities();
      caps.general.positionEncodings = [enc];
      await c.initialize(caps);
      const t = tempContract('msk.ocf', brokenText);
      const published = await c.open(t.uri, brokenText, 7);
      check(published.version === 7, `diagnostics carry the version: ${published.version}`);
      check(published.diagnostics.length === 1, `one diagnostic, got ${JSON.stringify(published.diagnostics)}`);
      const d = published.diagnostics[0];
      // `+` is at code point 42 of the line, UTF-16 unit 43 (after the emoji).
      const plus = enc === 'utf-16' ? 43 : 42;
      check(d.code === 'E0402' && d.severity === 1 && d.source === 'ocf', `code/severity: ${JSON.stringify(d)}`);
      check(d.range.start.line === brokenLineNo && d.range.start.character === plus &&
            d.range.end.line === brokenLineNo && d.range.end.character === plus + 1,
            `${enc}: range of E0402 ${JSON.stringify(d.range)}, wanted line ${brokenLineNo} char ${plus}`);
      check(d.message.startsWith('`+` cannot combine a percentage with a plain number'), `message: ${d.message}`);
      check(d.message.includes('help: write `5%` for a percentage'), `help in the message: ${d.message}`);
      const rel = d.relatedInformation || [];
      check(rel.length === 1 && rel[0].message === 'this is a plain number' && rel[0].location.uri === t.uri &&
            rel[0].location.range.start.line === brokenLineNo && rel[0].location.range.start.character === plus + 2,
            `relatedInformation for the note: ${JSON.stringify(rel)}`);

      // An incremental change that fixes it (`5` -> `5%`): no diagnostics.
      const five = { line: brokenLineNo, character: plus + 3 };
      const fixed = c.nextDiagnostics(t.uri, (p) => p.version === 8);
      c.notify('textDocument/didChange', {
        textDocument: { uri: t.uri, version: 8 },
        contentChanges: [{ range: { start: five, end: five }, text: '%' }],
      });
      const after = await fixed;
      check(after.diagnostics.length === 0, `after the fix: ${JSON.stringify(after.diagnostics)}`);
      // A whole-text change back to the error: it comes back.
      const again = c.nextDiagnostics(t.uri, (p) => p.version === 9);
      c.notify('textDocument/didChange', { textDocument: { uri: t.uri, version: 9 }, contentChanges: [{ text: brokenText }] });
      check((await again).diagnostics.length === 1, 'a full change is checked too');
      // 40 edits sent at once are checked as few times as the server can:
      // never once each, and the last version is the one published last.
      const before = c.published.length;
      const last = c.nextDiagnostics(t.uri, (p) => p.version === 49);
      for (let v = 10; v < 50; v++) {
        const at = { line: 0, character: 2 };
        c.notify('textDocument/didChange', { textDocument: { uri: t.uri, version: v },
                                             contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
      }
      check((await last).diagnostics.length === 1, 'the last of 40 edits is checked');
      const checks = c.published.length - before;
      check(checks < 40, `40 edits sent at once were checked ${checks} times`);
      console.log(`  ${enc}: 40 edits sent at once, ${checks} checks`);
      // Closing clears them.
      const cleared = c.nextDiagnostics(t.uri);
      c.notify('textDocument/didClose', { textDocument: { uri: t.uri } });
      check((await cleared).diagnostics.length === 0, 'closing a document clears its diagnostics');
      c.notify('textDocument/didSave', { textDocument: { uri: t.uri } });
      // A problem in an imported file: shown at the `import`, pointing at it.
      const withImport = 'import "helper"\n' + mskText;
      const ti = tempContract('main.ocf', withImport);
      fs.writeFileSync(path.join(ti.dir, 'helper.ocf'), 'let x = 1 + 5%\n');
      const imported = (await c.open(ti.uri, withImport)).diagnostics;
      const inHelper = imported.find((x) => x.message.startsWith(`in ${path.join(ti.dir, 'helper.ocf')}:1:11: `));
      check(inHelper && inHelper.code === 'E0402' && inHelper.range.start.line === 0 &&
            inHelper.relatedInformation[0].location.uri.endsWith('/helper.ocf') &&
            inHelper.relatedInformation[0].location.range.start.character === 10,
            `a problem in an import: ${JSON.stringify(imported)}`);
      check(await c.stop() === 0, 'clean exit');
    }
  },

  async hover() {
    const c = new Client(args.ocf);
    await c.initialize();
    const t = tempContract('msk.ocf', mskText);
    await c.open(t.uri, mskText);
    // On the measure's name where a target uses it.
    const at = find(mskText, 'target seen_in_18_weeks');
    const h = await c.request('textDocument/hover', {
      textDocument: { uri: t.uri }, position: { line: at.line, character: at.character + 10 } });
    check(h && h.contents && h.contents.kind === 'markdown', `hover: ${JSON.stringify(h)}`);
    check(h.contents.value.includes('Adults first seen within 18 weeks of referral'),
          `hover names the measure's title: ${h.contents.value}`);
    check(h.range.start.line === at.line && h.range.start.character === at.character + 7 &&
          h.range.end.character === at.character + 7 + 'seen_in_18_weeks'.length, `hover range ${JSON.stringify(h.range)}`);
    // On a column: its table and type.
    const col = find(mskText, 'where first_seen_on is present');
    const hc = await c.request('textDocument/hover', {
      textDocument: { uri: t.uri }, position: { line: col.line, character: col.character + 8 } });
    check(hc && hc.contents.value.includes('referrals') && hc.contents.value.includes('date'),
          `hover on a column names its table and type: ${JSON.stringify(hc)}`);
    check(await c.stop() === 0, 'clean exit');
  },

  async definition() {
    const c = new Client(args.ocf);
    await c.initialize();
    const t = tempContract('msk.ocf', mskText);
    await c.open(t.uri, mskText);
    const use = find(mskText, 'target seen_in_18_weeks');
    const decl = find(mskText, 'measure seen_in_18_weeks');
    const defs = await c.request('textDocument/definition', {
      textDocument: { uri: t.uri }, position: { line: use.line, character: use.character + 12 } });
    check(Array.isArray(defs) && defs.length === 1 && defs[0].uri === t.uri &&
          defs[0].range.start.line === decl.line && defs[0].range.start.character === decl.character + 8,
          `definition of seen_in_18_weeks: ${JSON.stringify(defs)}, wanted line ${decl.line}`);
    // A column: its line in the data block.
    const colUse = find(mskText, 'where age >= 18');
    const colDecl = { line: mskText.split('\n').findIndex((l) => /^\s*age\s*:\s*int/.test(l)) };
    const cd = await c.request('textDocument/definition', {
      textDocument: { uri: t.uri }, position: { line: colUse.line, character: colUse.character + 7 } });
    check(cd.length === 1 && cd[0].range.start.line === colDecl.line, `definition of the column age: ${JSON.stringify(cd)}`);
    // An import: the standard library's file.
    const imp = find(mskText, 'import "finance"');
    const id = await c.request('textDocument/definition', {
      textDocument: { uri: t.uri }, position: { line: imp.line, character: imp.character + 10 } });
    check(id.length === 1 && id[0].uri.endsWith('/stdlib/finance.ocf'), `definition of import "finance": ${JSON.stringify(id)}`);
    check(await c.stop() === 0, 'clean exit');
  },

  async references() {
    const c = new Client(args.ocf);
    await c.initialize();
    const t = tempContract('msk.ocf', mskText);
    await c.open(t.uri, mskText);
    const decl = find(mskText, 'let meaningful_change');
    const use = find(mskText, '>= meaningful_change');
    const pos = { line: decl.line, character: decl.character + 6 };
    const withDecl = await c.request('textDocument/references', {
      textDocument: { uri: t.uri }, position: pos, context: { includeDeclaration: true } });
    const lines = withDecl.map((l) => l.range.start.line).sort((a, b) => a - b);
    check(JSON.stringify(lines) === JSON.stringify([decl.line, use.line]),
          `references of meaningful_change with its declaration: lines ${lines}, wanted ${decl.line},${use.line}`);
    const usesOnly = await c.request('textDocument/references', {
      textDocument: { uri: t.uri }, position: pos, context: { includeDeclaration: false } });
    check(usesOnly.length === 1 && usesOnly[0].range.start.line === use.line &&
          usesOnly[0].range.start.character === use.character + 3, `uses of meaningful_change: ${JSON.stringify(usesOnly)}`);
    check(await c.stop() === 0, 'clean exit');
  },

  async rename() {
    const c = new Client(args.ocf);
    await c.initialize();
    const t = tempContract('msk.ocf', mskText);
    await c.open(t.uri, mskText);
    const decl = find(mskText, 'let annual_growth');
    const pos = { line: decl.line, character: decl.character + 5 };
    const prep = await c.request('textDocument/prepareRename', { textDocument: { uri: t.uri }, position: pos });
    check(prep && prep.range.start.character === decl.character + 4 &&
          prep.range.end.character === decl.character + 4 + 'annual_growth'.length && prep.placeholder === 'annual_growth',
          `prepareRename: ${JSON.stringify(prep)}`);
    // Nothing to rename on a keyword.
    const kw = await c.request('textDocument/prepareRename', {
      textDocument: { uri: t.uri }, position: { line: decl.line, character: decl.character + 1 } });
    check(kw === null, `prepareRename on \`let\`: ${JSON.stringify(kw)}`);
    const edit = await c.request('textDocument/rename', { textDocument: { uri: t.uri }, position: pos, newName: 'yearly_growth' });
    const edits = edit.changes[t.uri];
    const count = mskText.split(/\bannual_growth\b/).length - 1;
    check(edits && edits.length === count, `rename edits ${JSON.stringify(edit)}, wanted ${count} in the document`);
    const renamed = applyEdits(mskText, edits);
    check(!/\bannual_growth\b/.test(renamed) && renamed.includes('let yearly_growth') &&
          renamed.includes('compound_growth(year_one_budget, yearly_growth, year - 1)'), 'the renamed text');
    // The renamed text checks without errors.
    const clean = c.nextDiagnostics(t.uri, (p) => p.version === 2);
    c.notify('textDocument/didChange', { textDocument: { uri: t.uri, version: 2 }, contentChanges: [{ text: renamed }] });
    check((await clean).diagnostics.length === 0, 'the renamed contract has no errors');
    // A clash or a keyword is refused with an error.
    try {
      await c.request('textDocument/rename', { textDocument: { uri: t.uri }, position: pos, newName: 'measure' });
      fail('renaming to a keyword was accepted');
    } catch (e) {
      check(e.code === -32803 && e.message.length > 0, `rename to a keyword: ${e.code} ${e.message}`);
    }
    check(await c.stop() === 0, 'clean exit');
  },

  async completion() {
    for (const snippets of [true, false]) {
      const c = new Client(args.ocf);
      const caps = Client.defaultCapabilities();
      caps.textDocument.completion.completionItem.snippetSupport = snippets;
      await c.initialize(caps);
      // A row context: after `where` in a population over referrals.
      const text = mskText + 'population younger = referrals where \n';
      const t = tempContract('msk.ocf', text);
      await c.open(t.uri, text);
      const lastLine = text.split('\n').length - 2;
      const at = { line: lastLine, character: 'population younger = referrals where '.length };
      const list = await c.request('textDocument/completion', { textDocument: { uri: t.uri }, position: at });
      const labels = list.items.map((i) => i.label);
      for (const col of ['age', 'first_seen_on', 'pathway']) {
        check(labels.includes(col), `the columns of referrals in a where: ${col} not in ${labels.slice(0, 40)}`);
      }
      const age = list.items.find((i) => i.label === 'age');
      check(age.kind === 5, `a column's kind is Field (5): ${JSON.stringify(age)}`);
      check(!labels.includes('msk_hq_before'), 'a column of another table is not offered in a row context');
      // An enumeration value after `=`.
      const text2 = mskText + 'population physio = referrals where pathway = \n';
      const c2 = { line: text2.split('\n').length - 2, character: 'population physio = referrals where pathway = '.length };
      c.notify('textDocument/didChange', { textDocument: { uri: t.uri, version: 2 }, contentChanges: [{ text: text2 }] });
      const values = await c.request('textDocument/completion', { textDocument: { uri: t.uri }, position: c2 });
      const vl = values.items.map((i) => i.label);
      check(vl.includes('physio') && vl.includes('orthopaedics'), `enumeration values after =: ${vl.slice(0, 40)}`);
      // Snippets only for a client that takes them.
      const all = [...list.items, ...values.items];
      if (!snippets) {
        check(all.every((i) => i.insertTextFormat !== 2), 'no snippet for a client without snippetSupport');
      }
      check(await c.stop() === 0, 'clean exit');
    }
  },

  async symbols() {
    const c = new Client(args.ocf);
    await c.initialize();
    const t = tempContract('msk.ocf', mskText);
    await c.open(t.uri, mskText);
    const syms = await c.request('textDocument/documentSymbol', { textDocument: { uri: t.uri } });
    const inside = (r, s) => (r.start.line < s.start.line || (r.start.line === s.start.line && r.start.character <= s.start.character)) &&
                             (r.end.line > s.end.line || (r.end.line === s.end.line && r.end.character >= s.end.character));
    const walk = (list) => { for (const s of list) { check(inside(s.range, s.selectionRange), `selectionRange inside range: ${s.name}`); walk(s.children || []); } };
    walk(syms);
    const referrals = syms.find((s) => s.name === 'referrals');
    const decl = find(mskText, 'data referrals');
    check(referrals && referrals.kind === 23 && referrals.range.start.line === decl.line,
          `the data block referrals: ${JSON.stringify(referrals && { ...referrals, children: undefined })}`);
    check((referrals.children || []).some((ch) => ch.name === 'first_seen_on' && ch.kind === 8), 'its columns are its children');
    const measure = syms.find((s) => s.name === 'seen_in_18_weeks');
    check(measure && measure.range.start.line === find(mskText, 'measure seen_in_18_weeks').line, 'the measure seen_in_18_weeks');
    const outcome = syms.find((s) => s.name === 'recovery');
    check(outcome && (outcome.children || []).length === 2, `the outcome recovery and its two items: ${JSON.stringify(outcome)}`);
    await c.stop();
    // A client without hierarchical symbols gets a flat list with containers.
    const flat = new Client(args.ocf);
    const caps = Client.defaultCapabilities();
    caps.textDocument.documentSymbol.hierarchicalDocumentSymbolSupport = false;
    await flat.initialize(caps);
    await flat.open(t.uri, mskText);
    const list = await flat.request('textDocument/documentSymbol', { textDocument: { uri: t.uri } });
    check(list.some((s) => s.name === 'first_seen_on' && s.containerName === 'referrals' && s.location.uri === t.uri),
          'a flat list names each column\'s container');
    check(await flat.stop() === 0, 'clean exit');
  },

  async semantic_tokens() {
    const c = new Client(args.ocf);
    const init = await c.initialize();
    const legend = init.capabilities.semanticTokensProvider.legend;
    check(legend.tokenTypes.length === 14 && legend.tokenTypes[0] === 'keyword', `legend: ${JSON.stringify(legend)}`);
    const t = tempContract('msk.ocf', mskText);
    await c.open(t.uri, mskText);
    const { data } = await c.request('textDocument/semanticTokens/full', { textDocument: { uri: t.uri } });
    check(data.length > 0 && data.length % 5 === 0, `data is 5-tuples: ${data.length}`);
    // Decode the relative encoding.
    const tokens = [];
    let line = 0, ch = 0;
    for (let i = 0; i < data.length; i += 5) {
      check(data[i] >= 0 && data[i + 1] >= 0 && data[i + 2] > 0, 'deltas and lengths are positive');
      if (data[i] > 0) { line += data[i]; ch = data[i + 1]; } else ch += data[i + 1];
      tokens.push({ line, ch, len: data[i + 2], type: legend.tokenTypes[data[i + 3]], mods: data[i + 4] });
    }
    const lines = mskText.split('\n');
    const textOf = (tk) => lines[tk.line].substr(tk.ch, tk.len);
    const decl = find(mskText, 'measure seen_in_18_weeks');
    const kw = tokens.find((tk) => tk.line === decl.line && tk.ch === decl.character);
    check(kw && kw.type === 'keyword' && textOf(kw) === 'measure', `the keyword measure: ${JSON.stringify(kw)}`);
    const name = tokens.find((tk) => tk.line === decl.line && tk.ch === decl.character + 8);
    check(name && name.type === 'measure' && textOf(name) === 'seen_in_18_weeks' && (name.mods & 1),
          `the measure's name, a declaration: ${JSON.stringify(name)}`);
    const comment = tokens.find((tk) => tk.line === 0);
    check(comment && comment.type === 'comment', `the comment on line 1: ${JSON.stringify(comment)}`);
    check(await c.stop() === 0, 'clean exit');
  },

  async formatting() {
    const c = new Client(args.ocf);
    const init = await c.initialize();
    if (!init.capabilities.documentFormattingProvider) {
      console.log('SKIPPED: this ocf is built without compiler/format (`ocf fmt`), so `ocf lsp` offers no formatting');
      c.child.kill();
      process.exit(77);
    }
    // Spaces added and removed: formatting gives what `ocf fmt` gives.
    const messy = mskText.replace(/^measure\s+referrals_in\s+("[^"]*")\s*:\s*int\s*=\s*/m,
                                  'measure   referrals_in $1:int=   ');
    check(messy !== mskText, 'test bug: the measure referrals_in was not found');
    const t = tempContract('msk.ocf', messy);
    let expected;
    try {
      expected = execFileSync(args.ocf, ['fmt', t.file], { encoding: 'utf8' });
    } catch (e) {
      fail(`ocf fmt of the messy contract: ${e.message}`);
    }
    await c.open(t.uri, messy);
    const opts = { tabSize: 2, insertSpaces: true };
    const edits = await c.request('textDocument/formatting', { textDocument: { uri: t.uri }, options: opts });
    check(Array.isArray(edits) && edits.length === 1, `one whole-document edit: ${JSON.stringify(edits).slice(0, 200)}`);
    const formatted = applyEdits(messy, edits);
    check(formatted === expected, 'formatting gives what `ocf fmt` prints');
    check(/^measure referrals_in "Referrals received" : int = /m.test(formatted), 'the line is laid out again');
    // Formatting the formatted text changes nothing.
    c.notify('textDocument/didChange', { textDocument: { uri: t.uri, version: 2 }, contentChanges: [{ text: formatted }] });
    const again = await c.request('textDocument/formatting', { textDocument: { uri: t.uri }, options: opts });
    check(Array.isArray(again) && again.length === 0, `formatting twice: ${JSON.stringify(again).slice(0, 200)}`);
    // A syntax error: refused, the text untouched.
    const broken = mskText.replace('measure referrals_in', 'measure referrals_in (');
    c.notify('textDocument/didChange', { textDocument: { uri: t.uri, version: 3 }, contentChanges: [{ text: broken }] });
    try {
      const r = await c.request('textDocument/formatting', { textDocument: { uri: t.uri }, options: opts });
      check(Array.isArray(r) && r.length === 0, `a syntax error gave edits: ${JSON.stringify(r).slice(0, 200)}`);
    } catch (e) {
      check(e.code === -32803 && /syntax error/.test(e.message), `formatting with a syntax error: ${e.code} ${e.message}`);
    }
    check(await c.stop() === 0, 'clean exit');
  },
};

(async () => {
  const run = cases[args.case];
  if (!run) fail(`unknown case ${args.case}; the cases: ${Object.keys(cases).join(', ')}`);
  await run();
  console.log(`lsp ${args.case}: ok`);
  process.exit(0);
})().catch((e) => fail(e.stack || e.message || String(e)));
