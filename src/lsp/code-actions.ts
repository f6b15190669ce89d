import {
  CodeActionKind,
  type CodeAction,
  type Position as LspPosition,
  type Range as LspRange,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';

import type { Finding, Fix } from '../engine/finding.js';
import { toDiagnostic, toLspRange, type DiagnosticOptions } from './diagnostics.js';
import { createDisableEdit, type CommentedFile } from './disable-comment.js';

/** The client features and file access that code actions need. */
export interface CodeActionOptions extends DiagnosticOptions {
  /** Whether the client applies `documentChanges` (`workspace.workspaceEdit.documentChanges`). */
  documentChanges: boolean;
  /** The version of an open document, or `null` for a file the client has not opened. */
  versionFor(path: string): number | null;
  readText(path: string): string | undefined;
  /** The kind of a file for its suppression comment, or `undefined` for a file that takes none. */
  describeFile(path: string, text: string): CommentedFile | undefined;
}

/**
 * Creates the quick fixes for the findings of one file that touch `range`:
 * each fix the engine computed, preferred when it is safe, then "disable
 * this rule for this line". The findings must come from the texts the
 * client has now, because the edits carry the offsets they were computed on.
 */
export function createCodeActions(
  findings: Finding[],
  range: LspRange,
  only: string[] | undefined,
  options: CodeActionOptions,
): CodeAction[] {
  if (only !== undefined && !only.some((kind) => includesKind(kind, CodeActionKind.QuickFix))) return [];

  const touching = findings.filter((finding) => touches(finding, range));
  return [...createFixActions(touching, options), ...createDisableActions(touching, options)];
}

/** Checks whether a finding's range and an LSP range share a position. */
export function touches(finding: Finding, range: LspRange): boolean {
  return overlaps(toLspRange(finding.range), range);
}

/** Creates one action per distinct fix. Findings that ask for the same edits share it. */
function createFixActions(findings: Finding[], options: CodeActionOptions): CodeAction[] {
  const actions = new Map<string, CodeAction>();
  for (const finding of findings) {
    for (const fix of finding.fixes ?? []) {
      // NOTE: a fix that creates or deletes files, such as the multi-stage
      // rewrite, is left to `compose-lint lint --fix --unsafe`: applying
      // its text edits alone would point the build at a Dockerfile that does
      // not exist yet.
      if (fix.files !== undefined && fix.files.length > 0) continue;

      const key = JSON.stringify([fix.title, fix.edits.map((edit) => [edit.range.file, edit.range.start.offset, edit.range.end.offset, edit.newText])]);
      const diagnostic = toDiagnostic(finding, options);
      const existing = actions.get(key);
      if (existing !== undefined) {
        existing.diagnostics!.push(diagnostic);
        continue;
      }

      actions.set(key, {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.safety === 'safe',
        edit: createWorkspaceEdit(groupEdits(fix), options),
      });
    }
  }
  return [...actions.values()];
}

function createDisableActions(findings: Finding[], options: CodeActionOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const offered = new Set<string>();
  for (const finding of findings) {
    const { file, start } = finding.range;
    const key = `${file}\0${start.line}\0${finding.ruleId}`;
    if (offered.has(key)) continue;
    offered.add(key);

    const text = options.readText(file);
    const commented = text === undefined ? undefined : options.describeFile(file, text);
    if (text === undefined || commented === undefined) continue;

    const edit = createDisableEdit(text, start.line, finding.ruleId, commented);
    if (edit === undefined) continue;

    actions.push({
      title: `Disable ${finding.ruleId} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toDiagnostic(finding, options)],
      edit: createWorkspaceEdit(new Map([[file, [edit]]]), options),
    });
  }
  return actions;
}

/** Groups the edits of a fix by file, with LSP ranges. */
function groupEdits(fix: Fix): Map<string, LspTextEdit[]> {
  const byFile = new Map<string, LspTextEdit[]>();
  for (const edit of fix.edits) {
    const list = byFile.get(edit.range.file) ?? [];
    list.push({ range: toLspRange(edit.range), newText: edit.newText });
    byFile.set(edit.range.file, list);
  }
  return byFile;
}

/**
 * Writes edits as versioned `documentChanges` when the client supports them,
 * so the client rejects an edit computed on an older text. Otherwise it
 * writes plain `changes`.
 */
function createWorkspaceEdit(editsByFile: Map<string, LspTextEdit[]>, options: CodeActionOptions): WorkspaceEdit {
  if (options.documentChanges) {
    const documentChanges = [...editsByFile].map(
      ([file, edits]): TextDocumentEdit => ({
        textDocument: { uri: options.uriFor(file), version: options.versionFor(file) },
        edits,
      }),
    );
    return { documentChanges };
  }

  const changes: Record<string, LspTextEdit[]> = {};
  for (const [file, edits] of editsByFile) changes[options.uriFor(file)] = edits;
  return { changes };
}

/** Code action kinds are hierarchical: `quickfix` includes `quickfix.x`, and the empty kind includes all. */
function includesKind(requested: string, kind: string): boolean {
  return requested === '' || kind === requested || kind.startsWith(`${requested}.`);
}

/** Checks whether two ranges share a position. Touching ends count, so a cursor at a range's end selects it. */
function overlaps(a: LspRange, b: LspRange): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}

function comparePositions(a: LspPosition, b: LspPosition): number {
  return a.line - b.line || a.character - b.character;
}
