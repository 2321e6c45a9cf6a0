// 500 random edits (seeded) to examples/msk/msk.ocf through `ocf lsp`:
// inserts and deletes of characters and tokens (some outside the BMP, so
// UTF-16 positions are exercised), interleaved with hover, completion,
// semantic tokens and symbols requests. Every request must be answered
// without an internal error, the server must be alive at the end, and its
// diagnostics of the final text must be those `ocf check` gives for it (so
// 500 incremental changes left the server's text exactly the client's).
//   node replay.test.js --ocf BIN [--seed N]
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { Client, check, fail, parseArgs, tempContract } = require('./client');

const args = parseArgs();
const seedArg = process.argv.indexOf('--seed');
let seed = seedArg > 0 ? Number(process.argv[seedArg + 1]) : 20261205;
// mulberry32: small, seedable, the same on every machine.
function random() {
  seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

const TOKENS = ['measure ', 'let ', 'where ', ' of ', 'count ', '(', ')', '{', '}', '"', '=', ' + ', '%', '£', '£1.5m',
                '2024-04-01', 'weeks', 'referrals', 'first_seen_on', ' is present', 'percent of ', '\n', '//', '/*', '*/',
                '\u{1F600}', 'é', 'target ', 'outcome ', 'pay ', '.', ',', ':', ' in (', 'physio', '0', '18'];
const CHARS = 'abcdefghijklmnopqrstuvwxyz_0123456789 ()=+-*/%"\n£';

(async () => {
  const original = fs.readFileSync(path.join(args.source, 'examples/msk/msk.ocf'), 'utf8');
  let text = original;
  const c = new Client(args.ocf);
  await c.initialize();
  const t = tempContract('msk.ocf', text);
  await c.open(t.uri, text, 1);
  let version = 1;
  const lines = () => text.split('\n');
  const offsetOf = (p) => {
    const ls = lines();
    let o = 0;
    for (let i = 0; i < p.line; i++) o += ls[i].length + 1;
    return o + p.character;
  };
  const randomPosition = () => {
    const ls = lines();
    const line = Math.floor(random() * ls.length);
    let character = Math.floor(random() * (ls[line].length + 1));
    // Not between the two halves of a surrogate pair: the client never sends that.
    const code = ls[line].charCodeAt(character - 1);
    if (code >= 0xD800 && code <= 0xDBFF) character -= 1;
    return { line, character };
  };
  const positionOf = (offset) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length - 1, character: before[before.length - 1].length };
  };
  let requests = 0;
  const pending = [];
  for (let i = 0; i < 500; i++) {
    const r = random();
    let change;
    if (r < 0.55) {
      const at = randomPosition();
      const insert = random() < 0.5 ? pick(TOKENS) : pick([...CHARS]);
      change = { range: { start: at, end: at }, text: insert };
      const o = offsetOf(at);
      text = text.slice(0, o) + insert + text.slice(o);
    } else {
      const start = randomPosition();
      let a = offsetOf(start);
      let b = Math.min(text.length, a + 1 + Math.floor(random() * (random() < 0.9 ? 6 : 60)));
      // Never cut a surrogate pair in two.
      const code = text.charCodeAt(b - 1);
      if (code >= 0xD800 && code <= 0xDBFF) b += 1;
      change = { range: { start: positionOf(a), end: positionOf(b) }, text: '' };
      text = text.slice(0, a) + text.slice(b);
    }
    version += 1;
    c.notify('textDocument/didChange', { textDocument: { uri: t.uri, version }, contentChanges: [change] });
    if (i % 5 === 4) {
      const position = randomPosition();
      const doc = { textDocument: { uri: t.uri } };
      const method = pick(['textDocument/hover', 'textDocument/completion', 'textDocument/semanticTokens/full',
                           'textDocument/documentSymbol', 'textDocument/definition']);
      const params = method.includes('semantic') || method.includes('Symbol') ? doc : { ...doc, position };
      requests += 1;
      // Most requests are awaited later, so edits pile up behind them.
      const p = c.request(method, params).catch((e) => {
        fail(`${method} after edit ${i + 1} (version ${version}): error ${e.code} ${e.message}`);
      });
      if (i % 25 === 24) await p; else pending.push(p);
    }
  }
  await Promise.all(pending);
  // The final text's diagnostics, as published, against `ocf check`.
  const finalDiags = c.diagnostics.get(t.uri) && c.diagnostics.get(t.uri).version === version
    ? c.diagnostics.get(t.uri) : await c.nextDiagnostics(t.uri, (p) => p.version === version);
  fs.writeFileSync(t.file, text);
  let cli;
  try {
    cli = execFileSync(args.ocf, ['check', t.file, '--format', 'json'], { encoding: 'utf8' });
  } catch (e) {
    cli = e.stdout;
  }
  const expected = JSON.parse(cli).diagnostics.filter((d) => d.file === t.file)
    .map((d) => `${d.code}@${d.line - 1}`);
  const got = finalDiags.diagnostics.filter((d) => !d.message.startsWith('in '))
    .map((d) => `${d.code}@${d.range.start.line}`);
  check(JSON.stringify(got) === JSON.stringify(expected),
        `the server's diagnostics of the final text differ from ocf check's:\n  lsp: ${got}\n  cli: ${expected}`);
  check(await c.stop() === 0, 'the server is alive after 500 edits and exits cleanly');
  console.log(`lsp replay: ok (500 edits, ${requests} requests, final text ${text.length} chars, ${got.length} diagnostics)`);
  process.exit(0);
})().catch((e) => fail(e.stack || e.message));
