// `ocf lsp` under malformed input: bad JSON, bad headers, messages that are
// not requests, unknown methods, bad params, cancelled requests. Each gets
// the error LSP and JSON-RPC prescribe (or is skipped, when nothing can be
// answered), and the server keeps answering to the end.
//   node malformed.test.js --ocf BIN
'use strict';
const { spawn } = require('child_process');
const { rpc, check, fail, parseArgs, withTimeout } = require('./client');

const args = parseArgs();
const child = spawn(args.ocf, ['lsp'], { stdio: ['pipe', 'pipe', 'pipe'] });
let stderr = '';
child.stderr.on('data', (d) => { stderr += d; });
const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));

// Responses by id (null-id errors in order of arrival).
const byId = new Map();
const nullIdErrors = [];
const waiters = [];
const reader = new rpc.StreamMessageReader(child.stdout);
reader.listen((msg) => {
  if (msg.id === null || msg.id === undefined) {
    if (msg.error) nullIdErrors.push(msg.error);
  } else {
    byId.set(JSON.stringify(msg.id), msg);
  }
  for (const w of waiters.splice(0)) w();
});
function answer(id) {
  const key = JSON.stringify(id);
  return withTimeout(new Promise((resolve) => {
    const look = () => (byId.has(key) ? resolve(byId.get(key)) : waiters.push(look));
    look();
  }), `request ${key}`);
}
function nullErrors(n) {
  return withTimeout(new Promise((resolve) => {
    const look = () => (nullIdErrors.length >= n ? resolve(nullIdErrors.slice(0, n)) : waiters.push(look));
    look();
  }), `${n} errors without an id`);
}

const raw = (s) => child.stdin.write(s);
const frame = (body) => raw(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
const send = (obj) => frame(JSON.stringify(obj));

(async () => {
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
  check((await answer(1)).result.capabilities, 'initialize is answered');
  send({ jsonrpc: '2.0', method: 'initialized', params: {} });

  // Not JSON: ParseError, id null.
  frame('{"jsonrpc": "2.0", "id": 2, "method": ');
  let [e] = await nullErrors(1);
  check(e.code === -32700, `broken JSON: ${JSON.stringify(e)}`);
  // JSON but not an object: InvalidRequest.
  frame('[1, 2, 3]');
  [, e] = await nullErrors(2);
  check(e.code === -32600, `an array: ${JSON.stringify(e)}`);
  // Bytes that are not UTF-8 inside a string: ParseError, the server lives on.
  raw(Buffer.concat([Buffer.from('Content-Length: 9\r\n\r\n'), Buffer.from([0x22, 0xff, 0xfe, 0x22, 0x20, 0x20, 0x20, 0x20, 0x20])]));
  [, , e] = await nullErrors(3);
  check(e.code === -32700, `bytes that are not UTF-8: ${JSON.stringify(e)}`);
  // A header block without Content-Length, one with a number that is not
  // one, and garbage lines: skipped up to their blank line.
  raw('Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n');
  raw('Content-Length: twelve\r\n\r\n');
  raw('this is not a header\r\n\r\n');
  // Then a good request is answered.
  send({ jsonrpc: '2.0', id: 3, method: 'textDocument/documentSymbol', params: { textDocument: { uri: 'file:///nowhere.ocf' } } });
  let r = await answer(3);
  check(r.error && r.error.code === -32602, `a request for a document not open: ${JSON.stringify(r)}`);
  // An unknown method: MethodNotFound; an unknown notification: ignored.
  send({ jsonrpc: '2.0', method: 'ocf/noSuchNotification', params: {} });
  send({ jsonrpc: '2.0', id: 'four', method: 'textDocument/noSuchThing', params: {} });
  r = await answer('four');
  check(r.error && r.error.code === -32601, `an unknown method: ${JSON.stringify(r)}`);
  // Invalid params: hover without a position; didOpen without text (a
  // notification: no answer, and the document is not open after it).
  const uri = 'file:///tmp/ocf-lsp-malformed.ocf';
  send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri } } });
  send({ jsonrpc: '2.0', method: 'textDocument/didOpen',
         params: { textDocument: { uri, languageId: 'ocf', version: 1, text: 'contract "X" {\n' } } });
  send({ jsonrpc: '2.0', id: 5, method: 'textDocument/hover', params: { textDocument: { uri } } });
  r = await answer(5);
  check(r.error && r.error.code === -32602, `hover without a position: ${JSON.stringify(r)}`);
  send({ jsonrpc: '2.0', id: 6, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 'x', character: 0 } } });
  r = await answer(6);
  check(r.error && r.error.code === -32602, `a position that is not numbers: ${JSON.stringify(r)}`);
  // A position far past the end is taken as the end, not a crash.
  send({ jsonrpc: '2.0', id: 7, method: 'textDocument/hover', params: { textDocument: { uri }, position: { line: 99999, character: 99999 } } });
  r = await answer(7);
  check(!r.error, `a position past the end: ${JSON.stringify(r)}`);
  // An edit with a range past the end, then one that is not a change at all.
  send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 2 },
         contentChanges: [{ range: { start: { line: 50, character: 3 }, end: { line: 2, character: 0 } }, text: '}' }] } });
  send({ jsonrpc: '2.0', method: 'textDocument/didChange', params: { textDocument: { uri, version: 3 }, contentChanges: 'no' } });
  // A cancelled request (cancelled before it ran): RequestCancelled.
  send({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 8 } });
  send({ jsonrpc: '2.0', id: 8, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } });
  r = await answer(8);
  check(r.error && r.error.code === -32800, `a cancelled request: ${JSON.stringify(r)}`);
  // An id that is neither a number nor a string: InvalidRequest.
  send({ jsonrpc: '2.0', id: { a: 1 }, method: 'shutdown' });
  [, , , e] = await nullErrors(4);
  check(e.code === -32600, `an object as id: ${JSON.stringify(e)}`);
  // A huge Content-Length that never comes would hang any server; a body
  // over the limit that does come is read and dropped.
  const big = 'x'.repeat(70 * 1024 * 1024);
  raw(`Content-Length: ${big.length}\r\n\r\n`);
  raw(big);
  // Deeply nested JSON: an error, not a stack overflow.
  frame('['.repeat(100000));
  [, , , , e] = await nullErrors(5);
  check(e.code === -32700, `deeply nested JSON: ${JSON.stringify(e)}`);
  // Still alive, still right.
  send({ jsonrpc: '2.0', id: 9, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } });
  r = await answer(9);
  check(!r.error || r.error.code !== -32603, `a request after all that: ${JSON.stringify(r)}`);
  send({ jsonrpc: '2.0', id: 10, method: 'shutdown' });
  check((await answer(10)).result === null, 'shutdown');
  // `exit` spelt with an escape is still `exit`.
  frame('{"jsonrpc": "2.0", "method": "\\u0065xit"}');
  const code = await withTimeout(exited, 'exit');
  check(code === 0, `exit status ${code}`);
  check(/skipped a message/.test(stderr), `bad headers are logged on standard error: ${stderr}`);
  console.log('lsp malformed: ok');
  process.exit(0);
})().catch((e) => fail(e.stack || e.message));
