// The OCF extension's client: starts `ocf lsp` (the language server in the
// ocf executable, Language Server Protocol 3.17 over stdin/stdout) for .ocf
// files and restarts it when `ocf.path` changes. Everything the editor shows
// beyond colours and snippets (diagnostics, hover, go to definition,
// completion, outline, formatting) comes from the server.
'use strict';
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function serverCommand() {
  const configured = vscode.workspace.getConfiguration('ocf').get('path', 'ocf');
  // `~/bin/ocf` in settings means the home folder, as in a shell.
  if (configured.startsWith('~/')) return require('path').join(require('os').homedir(), configured.slice(2));
  return configured || 'ocf';
}

async function start() {
  const command = serverCommand();
  // The client adds `--stdio` to the arguments for this transport; `ocf lsp`
  // accepts it (stdin/stdout is its only way).
  const run = { command, args: ['lsp'], transport: TransportKind.stdio };
  const serverOptions = { run, debug: run };
  const clientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'ocf' },
      { scheme: 'untitled', language: 'ocf' },
    ],
    // The client reads `ocf.trace.server` itself (the client's id is `ocf`).
    outputChannelName: 'OCF Language Server',
  };
  client = new LanguageClient('ocf', 'OCF Language Server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (e) {
    const message = `OCF: could not start \`${command} lsp\` (${e && e.message ? e.message : e}). ` +
      'Install ocf and put it on PATH, or set `ocf.path` to the ocf executable. ' +
      'Highlighting and snippets work without it.';
    const choice = await vscode.window.showErrorMessage(message, 'Open settings');
    if (choice === 'Open settings') {
      vscode.commands.executeCommand('workbench.action.openSettings', 'ocf.path');
    }
    client = undefined;
  }
}

async function stop() {
  if (!client) return;
  const old = client;
  client = undefined;
  try {
    await old.stop();
  } catch (e) {
    // A server that has already exited cannot be stopped: nothing to do.
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('ocf.restartServer', async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('ocf.path')) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
