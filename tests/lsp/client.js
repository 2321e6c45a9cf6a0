// A scripted LSP client for the tests of `ocf lsp` (tests/lsp/*.test.js):
// starts the server, talks to it through vscode-jsonrpc (the JSON-RPC layer
// of VS Code's own client) and collects what it publishes.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

let rpc;
try {
  rpc = require('vscode-jsonrpc/node');
} catch (e) {
  // The fixture (setup_npm.sh) could not install it: say so, loudly.
  console.log(`SKIPPED: npm package vscode-jsonrpc is not installed (${e.message.split('\n')[0]}); ` +
              'tests/lsp/setup_npm.sh installs it into the build tree');
  process.exit(77);
}

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function check(condition, message) {
  if (!condition) fail(message);
}

// Arguments: --ocf PATH (the binary), --case NAME, --source DIR (the source tree).
function parseArgs() {
  const args = { ocf: null, case: null, source: path.resolve(__dirname, '../..') };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--ocf') args.ocf = argv[++i];
    else if (argv[i] === '--case') args.case = argv[++i];
    else if (argv[i] === '--source') args.source = argv[++i];
  }
  check(args.ocf, 'usage: --ocf PATH [--case NAME]');
  return args;
}

// A request that takes longer than this means the server is stuck.
const TIMEOUT_MS = 20000;

function withTimeout(promise, what, ms = TIMEOUT_MS) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer to ${what} in ${ms} ms`)), ms); }),
  ]);
}

class Client {
  constructor(ocf, extraArgs = []) {
    this.child = spawn(ocf, ['lsp', '--stdio', ...extraArgs], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    this.child.stderr.on('data', (d) => { this.stderr += d; });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.child.stdout),
                                            new rpc.StreamMessageWriter(this.child.stdin));
    this.diagnostics = new Map();   // uri -> last params published
    this.published = [];            // every publishDiagnostics, in order
    this.waiters = [];
    this.conn.onNotification('textDocument/publishDiagnostics', (params) => {
      this.diagnostics.set(params.uri, params);
      this.published.push(params);
      const still = [];
      for (const w of this.waiters) {
        if (w.uri === params.uri && w.accept(params)) w.resolve(params); else still.push(w);
      }
      this.waiters = still;
    });
    this.conn.onError(() => {});
    this.conn.onClose(() => {});
    this.conn.listen();
  }

  request(method, params) { return withTimeout(this.conn.sendRequest(method, params), method); }
  notify(method, params) { return this.conn.sendNotification(method, params); }

  // The next diagnostics published for `uri` that `accept` takes.
  nextDiagnostics(uri, accept = () => true) {
    return withTimeout(new Promise((resolve) => this.waiters.push({ uri, accept, resolve })),
                       `publishDiagnostics for ${uri}`);
  }

  async initialize(capabilities = Client.defaultCapabilities(), initializationOptions = undefined) {
    const result = await this.request('initialize', { processId: process.pid, rootUri: null, capabilities,
                                                      initializationOptions });
    this.notify('initialized', {});
    return result;
  }

  static defaultCapabilities() {
    return {
      general: { positionEncodings: ['utf-16'] },
      textDocument: {
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown'] } },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        publishDiagnostics: { relatedInformation: true },
      },
    };
  }

  async open(uri, text, version = 1) {
    const published = this.nextDiagnostics(uri);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'ocf', version, text } });
    return published;
  }

  async stop() {
    await this.request('shutdown', null);
    this.notify('exit', null);
    const { code } = await withTimeout(this.exited, 'exit');
    return code;
  }
}

// A temporary folder with FILE (name -> text); its file:// URIs.
function tempContract(name, text) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ocf-lsp-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return { dir, file, uri: 'file://' + file.split('/').map(encodeURIComponent).join('/') };
}

// 0-based line of the first line of `text` that contains `needle`, and the
// character (UTF-16, as JavaScript strings count) where it starts there.
function find(text, needle, nth = 0) {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    let from = 0;
    while (true) {
      const c = lines[i].indexOf(needle, from);
      if (c < 0) break;
      if (seen++ === nth) return { line: i, character: c };
      from = c + 1;
    }
  }
  fail(`test bug: ${JSON.stringify(needle)} is not in the text`);
}

// Applies LSP TextEdits (UTF-16 positions) to `text`.
function applyEdits(text, edits) {
  const lines = text.split('\n');
  const offset = (p) => {
    let o = 0;
    for (let i = 0; i < p.line && i < lines.length; i++) o += lines[i].length + 1;
    return Math.min(o + p.character, text.length);
  };
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  for (const e of sorted) text = text.slice(0, offset(e.range.start)) + e.newText + text.slice(offset(e.range.end));
  return text;
}

module.exports = { Client, rpc, fail, check, parseArgs, tempContract, find, applyEdits, withTimeout };
