import { format, parseArgs } from 'node:util';

import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  PositionEncodingKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
  type RemoteConsole,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';

import { UsageError } from '../cli/arguments.js';
import { readVersion } from '../cli/io.js';
import { LanguageSession } from './session.js';

/** Time from the last keystroke to the lint, in milliseconds, unless `initializationOptions.debounceMilliseconds` sets it. */
export const defaultDebounceMilliseconds = 150;

/** Files whose changes on disk can change findings. The server ignores those no project read. */
const watchedFilePatterns = [
  '**/{compose,docker-compose}*.{yml,yaml}',
  '**/*{Dockerfile,dockerfile,Containerfile,containerfile}*',
  '**/.env',
  '**/*.env',
  '**/.compose-lint.{yaml,yml,json}',
  '**/package.json',
];

/**
 * Runs the language server on standard input and output, as
 * `compose-lint lsp --stdio`. Throws `UsageError` for other arguments.
 *
 * The returned promise never settles: the connection ends the process
 * itself, with code 0 on the `exit` notification after `shutdown`, and
 * with code 1 on `exit` without `shutdown` or when standard input closes.
 */
export function runLanguageServer(argv: string[]): Promise<number> {
  readArguments(argv);

  const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  // Standard output carries JSON-RPC only; anything a dependency prints goes to the client's log.
  redirectConsole(connection.console);
  serve(connection);
  connection.listen();

  return new Promise<number>(() => {});
}

/**
 * Accepts `--stdio`, which is required, and `--clientProcessId`, which
 * VS Code's client adds and the connection library reads itself.
 */
function readArguments(argv: string[]): void {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { stdio: { type: 'boolean' }, clientProcessId: { type: 'string' } },
    }));
  } catch (error) {
    throw new UsageError(`lsp: ${(error as Error).message}; the language server accepts --stdio only`);
  }
  if (values.stdio !== true) {
    throw new UsageError('lsp needs --stdio: the language server talks JSON-RPC over standard input and output');
  }
}

function serve(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let session: LanguageSession | undefined;
  let capabilities: ClientCapabilities = {};

  // Every handler catches its own errors, so no input stops the server.
  const guard = <T>(event: string, fallback: T, handler: (active: LanguageSession) => T): T => {
    if (session === undefined) return fallback;
    try {
      return handler(session);
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      connection.console.error(`${event} failed: ${detail}`);
      return fallback;
    }
  };

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    session = new LanguageSession({
      debounceMilliseconds: readDebounce(params.initializationOptions, connection.console),
      env: process.env,
      relatedInformation: capabilities.textDocument?.publishDiagnostics?.relatedInformation === true,
      documentChanges: capabilities.workspace?.workspaceEdit?.documentChanges === true,
      logger: connection.console,
      publishDiagnostics: (uri, diagnostics) => {
        connection.sendDiagnostics({ uri, diagnostics }).catch((error: unknown) => {
          connection.console.error(`publishing diagnostics for ${uri} failed: ${String(error)}`);
        });
      },
    });

    return {
      capabilities: {
        positionEncoding: PositionEncodingKind.UTF16,
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'compose-lint', version: readVersion() },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`compose-lint ${readVersion()} language server started`);

    if (capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true) {
      const watchers = watchedFilePatterns.map((globPattern) => ({ globPattern }));
      connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error: unknown) => {
        connection.console.error(`registering file watchers failed: ${String(error)}`);
      });
    }
    if (capabilities.workspace?.workspaceFolders === true) {
      connection.workspace.onDidChangeWorkspaceFolders((event) => {
        guard('workspace/didChangeWorkspaceFolders', undefined, (active) => active.removeFolders(event.removed.map((folder) => folder.uri)));
      });
    }
  });

  documents.onDidOpen((event) => guard('textDocument/didOpen', undefined, (active) => active.openDocument(event.document)));
  documents.onDidChangeContent((event) => guard('textDocument/didChange', undefined, (active) => active.changeDocument(event.document)));
  documents.onDidSave((event) => guard('textDocument/didSave', undefined, (active) => active.saveDocument(event.document)));
  documents.onDidClose((event) => guard('textDocument/didClose', undefined, (active) => active.closeDocument(event.document)));
  connection.onDidChangeWatchedFiles((params) => {
    guard('workspace/didChangeWatchedFiles', undefined, (active) => active.changeFiles(params.changes.map((change) => change.uri)));
  });
  connection.onCodeAction((params) => guard('textDocument/codeAction', [], (active) => active.codeActions(params)));
  connection.onShutdown(() => session?.dispose());

  documents.listen(connection);
}

/** Reads `debounceMilliseconds` from the client's initialization options; a missing or invalid value gives the default. */
function readDebounce(options: unknown, console: RemoteConsole): number {
  if (typeof options !== 'object' || options === null || !('debounceMilliseconds' in options)) return defaultDebounceMilliseconds;

  const value = options.debounceMilliseconds;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  console.warn(`invalid initializationOptions.debounceMilliseconds ${JSON.stringify(value)}: expected a number of milliseconds, 0 or more; using ${defaultDebounceMilliseconds}`);
  return defaultDebounceMilliseconds;
}

function redirectConsole(remote: RemoteConsole): void {
  console.log = (...args: unknown[]) => remote.log(format(...args));
  console.info = (...args: unknown[]) => remote.info(format(...args));
  console.debug = (...args: unknown[]) => remote.log(format(...args));
  console.warn = (...args: unknown[]) => remote.warn(format(...args));
  console.error = (...args: unknown[]) => remote.error(format(...args));
}
