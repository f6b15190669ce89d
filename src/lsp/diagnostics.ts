import { existsSync } from 'node:fs';
import { join } from 'node:path';

import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Position as LspPosition,
  type Range as LspRange,
} from 'vscode-languageserver/node';

import type { Finding, Severity } from '../engine/finding.js';
import { ruleDocsPath } from '../engine/rule.js';
import { packageRoot } from '../package-root.js';
import type { Position, SourceRange } from '../source.js';
import { pathToUri } from './files.js';

/** The `source` of every diagnostic, which editors show beside the message. */
export const diagnosticSource = 'compose-lint';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * Converts a 1-based line and column into an LSP position. Both count
 * columns in UTF-16 code units, so only the base changes.
 *
 * NOTE: `LineIndex` breaks lines at `\n` only, while LSP also breaks at a
 * lone `\r`. In a file with old Mac line endings the lines disagree.
 */
export function toLspPosition(position: Position): LspPosition {
  return { line: Math.max(0, position.line - 1), character: Math.max(0, position.column - 1) };
}

export function toLspRange(range: SourceRange): LspRange {
  return { start: toLspPosition(range.start), end: toLspPosition(range.end) };
}

/** How diagnostics are written for the connected client. */
export interface DiagnosticOptions {
  /** Whether the client reads `relatedInformation` (`textDocument.publishDiagnostics.relatedInformation`). */
  relatedInformation: boolean;
  /** The URI the client knows a file by. */
  uriFor(path: string): string;
}

export function toDiagnostic(finding: Finding, options: DiagnosticOptions): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toLspRange(finding.range),
    severity: severities[finding.severity],
    code: finding.ruleId,
    source: diagnosticSource,
    message: finding.message,
  };

  const documentation = findRuleDocumentation(finding.ruleId);
  if (documentation !== undefined) diagnostic.codeDescription = { href: documentation };

  if (options.relatedInformation && finding.related !== undefined && finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map(
      (related): DiagnosticRelatedInformation => ({
        location: { uri: options.uriFor(related.range.file), range: toLspRange(related.range) },
        message: related.message,
      }),
    );
  }
  return diagnostic;
}

/** The repository or installed package root, three levels above `dist/src/lsp/`. */
const documentationByRule = new Map<string, string | undefined>();

/**
 * The `file:` URI of a rule's page in `rules/`, or `undefined` when the
 * installation has no page for it (internal errors have none).
 */
function findRuleDocumentation(ruleId: string): string | undefined {
  if (documentationByRule.has(ruleId)) return documentationByRule.get(ruleId);

  const path = join(packageRoot(), ruleDocsPath(ruleId));
  const uri = existsSync(path) ? pathToUri(path) : undefined;
  documentationByRule.set(ruleId, uri);
  return uri;
}

/**
 * Sends `textDocument/publishDiagnostics` and remembers what each file was
 * last sent. A file that had diagnostics and has none left gets an empty
 * list, so the client clears it whether or not the file is open. An
 * unchanged list is not sent again unless the caller forces it.
 */
export class DiagnosticsPublisher {
  readonly #send: (path: string, diagnostics: Diagnostic[]) => void;
  /** The last non-empty list sent for each file, as JSON. */
  readonly #published = new Map<string, string>();

  constructor(send: (path: string, diagnostics: Diagnostic[]) => void) {
    this.#send = send;
  }

  publish(files: Iterable<string>, diagnosticsFor: (file: string) => Diagnostic[], forced: ReadonlySet<string> = new Set()): void {
    for (const file of files) {
      const diagnostics = diagnosticsFor(file);
      const previous = this.#published.get(file);

      if (diagnostics.length === 0) {
        if (previous === undefined && !forced.has(file)) continue;
        this.#published.delete(file);
        this.#send(file, []);
        continue;
      }

      const serialized = JSON.stringify(diagnostics);
      if (serialized === previous && !forced.has(file)) continue;
      this.#published.set(file, serialized);
      this.#send(file, diagnostics);
    }
  }
}
