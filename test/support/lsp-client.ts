import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DidSaveTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Command,
  type Diagnostic,
  type FileEvent,
  type InitializeResult,
  type LogMessageParams,
  type ProtocolConnection,
  type Range,
  type Registration,
  type TextDocumentContentChangeEvent,
  type TextEdit,
  type WorkspaceFolder,
} from 'vscode-languageserver-protocol/node';

import { repository } from './cli.js';

export const uri = (path: string): string => pathToFileURL(path).href;

/** Capabilities of a typical editor: versioned workspace edits, related information, watched files. */
export const editorCapabilities: ClientCapabilities = {
  textDocument: {
    publishDiagnostics: { relatedInformation: true },
    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
    synchronization: { didSave: true },
  },
  workspace: {
    workspaceEdit: { documentChanges: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    workspaceFolders: true,
  },
};

/**
 * A scripted editor: spawns `compose-lint lsp --stdio` from the build,
 * speaks JSON-RPC to it, and records every diagnostic and log message it
 * sends. Standard output is also kept byte for byte, to check that nothing
 * but JSON-RPC is written there.
 */
export class LspClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every `textDocument/publishDiagnostics` in arrival order. */
  readonly publications: Array<{ uri: string; diagnostics: Diagnostic[] }> = [];
  readonly logs: LogMessageParams[] = [];
  readonly registrations: Registration[] = [];
  readonly #process: ChildProcessWithoutNullStreams;
  readonly #connection: ProtocolConnection;
  readonly #stdout: Buffer[] = [];
  readonly #stderr: Buffer[] = [];
  readonly #versions = new Map<string, number>();
  readonly #texts = new Map<string, string>();
  #waiters: Array<() => void> = [];
  readonly #exited: Promise<number | null>;

  /** Starts the server with only `PATH` and `env` in its environment, so the machine's variables cannot leak in. */
  constructor(env: Record<string, string> = {}) {
    this.#process = spawn(process.execPath, [join(repository, 'bin/compose-lint.js'), 'lsp', '--stdio'], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    this.#exited = new Promise((resolve) => this.#process.on('exit', (code) => resolve(code)));
    this.#process.stdout.on('data', (chunk: Buffer) => this.#stdout.push(chunk));
    this.#process.stderr.on('data', (chunk: Buffer) => this.#stderr.push(chunk));

    this.#connection = createProtocolConnection(new StreamMessageReader(this.#process.stdout), new StreamMessageWriter(this.#process.stdin));
    this.#connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      this.diagnostics.set(uri, diagnostics);
      this.publications.push({ uri, diagnostics });
      this.#notify();
    });
    this.#connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params);
      this.#notify();
    });
    this.#connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(...params.registrations);
      this.#notify();
      return null;
    });
    this.#connection.listen();
  }

  async initialize(
    workspaceFolders: WorkspaceFolder[],
    initializationOptions: unknown = { debounceMilliseconds: 0 },
    capabilities: ClientCapabilities = editorCapabilities,
  ): Promise<InitializeResult> {
    const result = await this.#connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: workspaceFolders[0]?.uri ?? null,
      workspaceFolders,
      capabilities,
      initializationOptions,
    });
    await this.#connection.sendNotification(InitializedNotification.type, {});
    return result;
  }

  /** Opens a file with the text on disk, or with `text` as an editor's unsaved buffer. */
  async open(path: string, text = readFileSync(path, 'utf8'), languageId = ''): Promise<void> {
    this.#versions.set(path, 1);
    this.#texts.set(path, text);
    await this.#connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri: uri(path), languageId, version: 1, text },
    });
  }

  /** Replaces the whole text of an open document. */
  async replace(path: string, text: string): Promise<void> {
    await this.change(path, [{ text }]);
  }

  async change(path: string, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.#versions.get(path) ?? 0) + 1;
    this.#versions.set(path, version);
    await this.#connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: uri(path), version },
      contentChanges,
    });
  }

  /**
   * Applies LSP text edits to an open document as an editor does: as
   * incremental changes, last edit first, so each range still points into
   * the text it was computed on.
   */
  async applyEdits(path: string, edits: TextEdit[]): Promise<void> {
    const ordered = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    let text = this.#texts.get(path)!;
    for (const edit of ordered) text = applyEdit(text, edit);
    this.#texts.set(path, text);
    await this.change(path, ordered.map((edit) => ({ range: edit.range, text: edit.newText })));
  }

  text(path: string): string | undefined {
    return this.#texts.get(path);
  }

  version(path: string): number | undefined {
    return this.#versions.get(path);
  }

  async save(path: string): Promise<void> {
    await this.#connection.sendNotification(DidSaveTextDocumentNotification.type, { textDocument: { uri: uri(path) } });
  }

  async close(path: string): Promise<void> {
    this.#versions.delete(path);
    this.#texts.delete(path);
    await this.#connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: uri(path) } });
  }

  async changeWatchedFiles(changes: FileEvent[]): Promise<void> {
    await this.#connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes });
  }

  async removeWorkspaceFolder(folder: WorkspaceFolder): Promise<void> {
    await this.#connection.sendNotification(DidChangeWorkspaceFoldersNotification.type, { event: { added: [], removed: [folder] } });
  }

  async codeActions(path: string, range: Range, diagnostics: Diagnostic[] = [], only?: string[]): Promise<Array<Command | CodeAction>> {
    const result = await this.#connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: uri(path) },
      range,
      context: only === undefined ? { diagnostics } : { diagnostics, only },
    });
    return result ?? [];
  }

  /** Sends any raw notification, such as one for a method the server does not know. */
  async notify(method: string, params: unknown): Promise<void> {
    await this.#connection.sendNotification(method, params);
  }

  async request(method: string, params: unknown): Promise<unknown> {
    return this.#connection.sendRequest(method, params);
  }

  /** Waits until `check` returns a value other than `undefined`, or fails after `timeout` milliseconds. */
  async waitFor<T>(description: string, check: () => T | undefined, timeout = 30_000): Promise<T> {
    const immediate = check();
    if (immediate !== undefined) return immediate;

    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter !== listener);
        reject(new Error(`timed out after ${timeout} ms waiting for ${description}`));
      }, timeout);
      const listener = (): void => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((waiter) => waiter !== listener);
        resolve(value);
      };
      this.#waiters.push(listener);
    });
  }

  /** Waits for the diagnostics of a file to satisfy `accept`, and returns them. */
  async waitForDiagnostics(path: string, accept: (diagnostics: Diagnostic[]) => boolean, timeout?: number): Promise<Diagnostic[]> {
    return this.waitFor(
      `diagnostics of ${path}`,
      () => {
        const diagnostics = this.diagnostics.get(uri(path));
        return diagnostics !== undefined && accept(diagnostics) ? diagnostics : undefined;
      },
      timeout,
    );
  }

  /** Shuts the server down as an editor does and returns its exit code. */
  async shutdown(): Promise<number | null> {
    await this.#connection.sendRequest(ShutdownRequest.type);
    await this.#connection.sendNotification(ExitNotification.type);
    const code = await this.#exited;
    this.#connection.dispose();
    return code;
  }

  kill(): void {
    this.#process.kill();
  }

  get exited(): Promise<number | null> {
    return this.#exited;
  }

  get stdout(): Buffer {
    return Buffer.concat(this.#stdout);
  }

  get stderr(): string {
    return Buffer.concat(this.#stderr).toString('utf8');
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** Applies one LSP edit to a text whose lines end with `\n`. */
export function applyEdit(text: string, edit: TextEdit): string {
  const offset = (line: number, character: number): number => {
    let start = 0;
    for (let index = 0; index < line; index++) start = text.indexOf('\n', start) + 1;
    return start + character;
  };
  const start = offset(edit.range.start.line, edit.range.start.character);
  const end = offset(edit.range.end.line, edit.range.end.character);
  return text.slice(0, start) + edit.newText + text.slice(end);
}

/**
 * Splits a byte stream into LSP messages (`Content-Length` header, blank
 * line, JSON body). Throws on the first byte that is not part of one.
 */
export function parseMessages(stream: Buffer): unknown[] {
  const messages: unknown[] = [];
  let position = 0;
  while (position < stream.length) {
    const headerEnd = stream.indexOf('\r\n\r\n', position);
    if (headerEnd === -1) throw new Error(`bytes after the last message: ${JSON.stringify(stream.subarray(position).toString())}`);

    const header = stream.subarray(position, headerEnd).toString('ascii');
    const length = /^Content-Length: (\d+)$/im.exec(header)?.[1];
    if (length === undefined || !/^(?:[\w-]+: [^\r\n]*\r\n)*[\w-]+: [^\r\n]*$/.test(header)) {
      throw new Error(`not an LSP header at byte ${position}: ${JSON.stringify(header.slice(0, 200))}`);
    }

    const bodyStart = headerEnd + 4;
    const bodyEnd = bodyStart + Number(length);
    if (bodyEnd > stream.length) throw new Error(`message at byte ${position} is cut short`);
    messages.push(JSON.parse(stream.subarray(bodyStart, bodyEnd).toString('utf8')));
    position = bodyEnd;
  }
  return messages;
}
