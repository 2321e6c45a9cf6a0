// The keystroke re-check of `ocf lsp`: opens CONTRACT, then 50 times types
// one character (alternately a space inserted into a measure's line and that
// space deleted again, so the text stays a valid contract of the same size)
// and waits for the diagnostics of that version. Prints the median and
// maximum time from sending didChange to receiving publishDiagnostics.
//   NODE_PATH=build/release/npm/node_modules node bench/lsp_bench.js OCF CONTRACT [EDITS]
// bench/lsp_bench.sh generates the contract and runs this.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawn } = require('child_process');
const rpc = require('vscode-jsonrpc/node');

const [ocf, contract, editsArg] = process.argv.slice(2);
const edits = Number(editsArg || 50);
const text = fs.readFileSync(contract, 'utf8');
const uri = 'file://' + path.resolve(contract);
const child = spawn(ocf, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
let waiting = null;
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  if (waiting && p.version === waiting.version) {
    const w = waiting;
    waiting = null;
    w.resolve(p);
  }
});
conn.listen();
const diagnosticsOf = (version) => new Promise((resolve) => { waiting = { version, resolve }; });

(async () => {
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
  conn.sendNotification('initialized', {});
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith('measure '));
  const opened = diagnosticsOf(1);
  const t0 = process.hrtime.bigint();
  conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'ocf', version: 1, text } });
  const first = await opened;
  const openMs = Number(process.hrtime.bigint() - t0) / 1e6;
  // The server's own CPU time over the edits (user + system, from
  // /proc/PID/stat in clock ticks of 10 ms): on a busy machine the wall time
  // includes waiting for a core, the CPU time does not.
  const cpuTicks = () => {
    try {
      const f = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(f[11]) + Number(f[12]);
    } catch (e) { return NaN; }
  };
  const cpu0 = cpuTicks();
  const times = [];
  for (let i = 0; i < edits; i++) {
    const version = i + 2;
    const at = { line, character: 8 };
    const change = i % 2 === 0
      ? { range: { start: at, end: at }, text: ' ' }
      : { range: { start: at, end: { line, character: 9 } }, text: '' };
    const published = diagnosticsOf(version);
    const start = process.hrtime.bigint();
    conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
    const p = await published;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (p.diagnostics.length !== first.diagnostics.length) {
      console.error(`lsp_bench: version ${version} has ${p.diagnostics.length} diagnostics, the opened text ${first.diagnostics.length}`);
      process.exit(1);
    }
  }
  const cpuPerEdit = ((cpuTicks() - cpu0) * 10) / edits;
  times.sort((a, b) => a - b);
  const median = times[Math.floor((times.length - 1) / 2)];
  console.log(`lsp_bench: ${lines.length - 1} lines, ${first.diagnostics.length} diagnostics; open ${openMs.toFixed(1)} ms; ` +
              `${edits} single-character edits: didChange -> publishDiagnostics median ${median.toFixed(1)} ms, ` +
              `max ${times[times.length - 1].toFixed(1)} ms; server CPU time ${cpuPerEdit.toFixed(1)} ms an edit`);
  await conn.sendRequest('shutdown', null);
  conn.sendNotification('exit', null);
  child.on('exit', () => process.exit(0));
})().catch((e) => { console.error(e); process.exit(1); });
