import type { CodeAction, CodeActionParams, Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';

import { rules } from '../../rules/index.js';
import { DockerfileCache } from '../engine/analysis.js';
import { DiskCache, DiskHost, DiskSnapshot, type Host } from '../host.js';
import { createCodeActions, touches, type CodeActionOptions } from './code-actions.js';
import { DiagnosticsPublisher, toDiagnostic } from './diagnostics.js';
import type { CommentedFile } from './disable-comment.js';
import { classifyDocument, pathToUri, uriToPath, type DocumentKind } from './files.js';
import { ProjectRegistry, type Logger, type Project } from './projects.js';
import { LintScheduler } from './scheduler.js';

export interface SessionOptions {
  /** Time from the last change of a document to the lint, in milliseconds. Open, save and close lint at once. */
  debounceMilliseconds: number;
  /** Environment for interpolation and `COMPOSE_*` variables: the server's own. */
  env: Host['env'];
  /** Whether the client reads `relatedInformation` on diagnostics. */
  relatedInformation: boolean;
  /** Whether the client applies versioned `documentChanges` in workspace edits. */
  documentChanges: boolean;
  logger: Logger;
  publishDiagnostics(uri: string, diagnostics: Diagnostic[]): void;
}

/** The rules whose findings may carry fixes. */
const fixableRuleIds = new Set(rules.filter((rule) => rule.meta.fixable).map((rule) => rule.meta.id));

interface OpenDocument {
  uri: string;
  version: number;
  kind: DocumentKind;
}

/**
 * The state of one language server connection: the documents the editor
 * has open, the compose projects found from them, and the diagnostics
 * published. Events from the editor request a lint of the files they touch,
 * and each lint pass publishes the diagnostics that changed.
 */
export class LanguageSession {
  readonly #options: SessionOptions;
  /** Unsaved text by absolute path, which the engine reads in place of the disk. */
  readonly #overlay = new Map<string, string>();
  readonly #open = new Map<string, OpenDocument>();
  readonly #cache = new DockerfileCache();
  /** The reads of earlier lint passes that still hold: unchanged texts and missing paths. */
  readonly #disk = new DiskCache();
  readonly #registry: ProjectRegistry;
  readonly #publisher: DiagnosticsPublisher;
  readonly #scheduler: LintScheduler;

  constructor(options: SessionOptions) {
    this.#options = options;
    this.#registry = new ProjectRegistry({ env: options.env, overlay: this.#overlay, cache: this.#cache, logger: options.logger });
    this.#publisher = new DiagnosticsPublisher((path, diagnostics) => options.publishDiagnostics(this.#uriFor(path), diagnostics));
    this.#scheduler = new LintScheduler(() => this.lintPending());
  }

  openDocument(document: TextDocument): void {
    this.#update(document, 0);
  }

  changeDocument(document: TextDocument): void {
    this.#update(document, this.#options.debounceMilliseconds);
  }

  saveDocument(document: TextDocument): void {
    this.#update(document, 0);
  }

  /** Forgets the editor's text, so the file is read from disk again. */
  closeDocument(document: TextDocument): void {
    const path = uriToPath(document.uri);
    if (path === undefined) return;

    const kind = this.#open.get(path)?.kind ?? classifyDocument(path, document.languageId);
    this.#open.delete(path);
    this.#overlay.delete(path);
    this.#scheduler.request(path, kind, 0);
  }

  /**
   * Lints the projects that read files changed on disk. A change never
   * brings in a new project, because the editor has not asked about it.
   */
  changeFiles(uris: string[]): void {
    for (const uri of uris) {
      const path = uriToPath(uri);
      if (path !== undefined) this.#scheduler.request(path, 'other', 0);
    }
  }

  /** Drops the projects inside removed workspace folders and clears their diagnostics. */
  removeFolders(uris: string[]): void {
    const files = new Set<string>();
    for (const uri of uris) {
      const path = uriToPath(uri);
      if (path === undefined) continue;
      for (const file of this.#registry.forgetUnder(path)) files.add(file);
    }
    this.#publisher.publish(files, (file) => this.#diagnosticsFor(file));
  }

  /**
   * Creates the quick fixes at a range of a document. A pending debounced
   * lint runs first, so the fixes apply to the text the client has. The
   * fixes themselves are computed only when the range touches a finding of
   * a rule that has fixes.
   */
  codeActions(params: CodeActionParams): CodeAction[] {
    if (this.#scheduler.hasPending) this.lintPending();

    const path = uriToPath(params.textDocument.uri);
    if (path === undefined) return [];

    let findings = this.#registry.findingsFor(path);
    if (findings.some((finding) => fixableRuleIds.has(finding.ruleId) && touches(finding, params.range))) {
      findings = this.#registry.findingsWithFixesFor(path);
    }
    return createCodeActions(findings, params.range, params.context.only, this.#codeActionOptions());
  }

  /** Runs one lint pass over the projects of every requested file and publishes what changed. Never throws. */
  lintPending(): void {
    const requests = this.#scheduler.take();
    if (requests.size === 0) return;

    try {
      const snapshot = new DiskSnapshot(this.#disk);
      const projects = new Set<Project>();
      for (const [path, kind] of requests) {
        for (const project of this.#registry.projectsFor(path, kind, snapshot)) projects.add(project);
      }

      const files = new Set<string>();
      for (const project of projects) {
        for (const file of this.#registry.refresh(project, snapshot)) files.add(file);
      }

      // A client may drop the diagnostics of a document it closes, so the
      // documents that asked for this pass get theirs again even when unchanged.
      const known = [...this.#registry.projects];
      const forced = new Set([...requests.keys()].filter((path) => this.#open.has(path) && known.some((project) => project.dependsOn(path))));
      this.#publisher.publish(new Set([...files, ...forced]), (file) => this.#diagnosticsFor(file), forced);
    } catch (error) {
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.#options.logger.error(`lint pass over ${[...requests.keys()].join(', ')} failed: ${detail}`);
    } finally {
      this.#disk.endRun();
    }
  }

  dispose(): void {
    this.#scheduler.dispose();
  }

  #update(document: TextDocument, delay: number): void {
    const path = uriToPath(document.uri);
    if (path === undefined) {
      this.#options.logger.log(`ignored ${document.uri}: only file: URIs are linted`);
      return;
    }

    const kind = classifyDocument(path, document.languageId);
    this.#open.set(path, { uri: document.uri, version: document.version, kind });
    this.#overlay.set(path, document.getText());
    this.#scheduler.request(path, kind, delay);
  }

  #uriFor(path: string): string {
    return this.#open.get(path)?.uri ?? pathToUri(path);
  }

  #diagnosticsFor(file: string): Diagnostic[] {
    const options = { relatedInformation: this.#options.relatedInformation, uriFor: (path: string) => this.#uriFor(path) };
    return this.#registry.findingsFor(file).map((finding) => toDiagnostic(finding, options));
  }

  #codeActionOptions(): CodeActionOptions {
    const disk = new DiskHost(process.cwd(), this.#options.env, this.#overlay);
    return {
      relatedInformation: this.#options.relatedInformation,
      documentChanges: this.#options.documentChanges,
      uriFor: (path) => this.#uriFor(path),
      versionFor: (path) => this.#open.get(path)?.version ?? null,
      readText: (path) => disk.readText(path),
      describeFile: (path, text) => this.#describeFile(path, text),
    };
  }

  /**
   * Tells whether a file with findings is a compose file or a Dockerfile,
   * whatever its name, because the suppression comment works in those only.
   */
  #describeFile(path: string, text: string): CommentedFile | undefined {
    const named = this.#open.get(path)?.kind ?? classifyDocument(path);
    const kind = named === 'other' ? this.#registry.classify(path) : named;
    if (kind === 'dockerfile') return { kind: 'dockerfile', model: this.#cache.parse(path, text) };
    if (kind === 'compose') return { kind: 'compose' };
    return undefined;
  }
}
