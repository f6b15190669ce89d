// Starts `compose-lint lsp --stdio` for compose files and Dockerfiles. The
// server finds each file's compose project itself, so one client serves
// every workspace folder.

const { workspace } = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;

/** Files the server lints: compose files by name (VS Code calls them YAML) and Dockerfiles. */
const documentSelector = [
  { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
  { scheme: 'file', language: 'dockercompose' },
  { scheme: 'file', language: 'dockerfile' },
];

function activate() {
  const settings = workspace.getConfiguration('composeLint');
  const [command, ...leadingArguments] = settings.get('command', ['compose-lint']);

  // With no `transport`, the client talks over the process's standard
  // input and output and passes the arguments unchanged.
  const serverOptions = { command, args: [...leadingArguments, 'lsp', '--stdio'] };
  const clientOptions = {
    documentSelector,
    initializationOptions: { debounceMilliseconds: settings.get('debounceMilliseconds', 150) },
  };

  client = new LanguageClient('composeLint', 'compose-lint', serverOptions, clientOptions);
  return client.start();
}

function deactivate() {
  return client?.stop();
}

module.exports = { activate, deactivate };
