import { isScalar, parseAllDocuments, visit } from 'yaml';
import type { TextEdit as LspTextEdit } from 'vscode-languageserver/node';

import type { DockerfileModel } from '../dockerfile/types.js';
import { findExcessiveNesting } from '../project/yaml-limits.js';

/**
 * The comment that turns rules off for the line below it, in compose files
 * and Dockerfiles alike: `# compose-lint-disable-next-line RULE[, RULE…] -- reason`.
 * The engine reads this exact syntax.
 */
export const disableNextLineDirective = 'compose-lint-disable-next-line';

/** An existing directive line: its prefix up to the rule list, then the list. */
const directiveLinePattern = new RegExp(`^(\\s*#\\s*${disableNextLineDirective}\\s+)([\\w-]+(?:\\s*,\\s*[\\w-]+)*)`);

/** What the file is, and for a Dockerfile its model, to know where a comment line would change its meaning. */
export type CommentedFile = { kind: 'compose' } | { kind: 'dockerfile'; model: DockerfileModel };

/**
 * Returns the edit that disables `ruleId` for the 1-based `line` of
 * `text`: a new directive line above it with the same indentation, or the
 * rule added to a directive already there. Returns `undefined` when the
 * directive names the rule already, or when a comment line there would
 * change the file: inside a multi-line YAML scalar (a block scalar such as
 * `dockerfile_inline: |`, or a quoted or plain scalar over several lines),
 * inside a Dockerfile heredoc, or among the parser directives at the top of
 * a Dockerfile, which end at the first other comment.
 */
export function createDisableEdit(text: string, line: number, ruleId: string, file: CommentedFile): LspTextEdit | undefined {
  const lines = text.split('\n');
  const target = lines[line - 1];
  if (target === undefined) return undefined;

  const lineStart = lines.slice(0, line - 1).reduce((offset, previous) => offset + previous.length + 1, 0);
  const safe = file.kind === 'compose' ? !isInsideYamlScalar(text, lineStart) : !isDockerfileBlock(file.model, line);
  if (!safe) return undefined;

  const above = line >= 2 ? lines[line - 2]!.replace(/\r$/, '') : undefined;
  const directive = above === undefined ? null : directiveLinePattern.exec(above);
  if (directive !== null) {
    const [, prefix, ruleList] = directive as unknown as [string, string, string];
    const listed = ruleList.split(',').map((rule) => rule.trim());
    if (listed.includes(ruleId)) return undefined;

    const position = { line: line - 2, character: prefix.length + ruleList.length };
    return { range: { start: position, end: position }, newText: `, ${ruleId}` };
  }

  const indentation = /^[ \t]*/.exec(target)![0];
  const lineEnding = text.includes('\r\n') ? '\r\n' : '\n';
  const position = { line: line - 1, character: 0 };
  return { range: { start: position, end: position }, newText: `${indentation}# ${disableNextLineDirective} ${ruleId}${lineEnding}` };
}

/**
 * Checks whether a line starting at `offset` continues a scalar that began
 * on an earlier line, where a `#` line would become part of the value. A
 * text the parser cannot read at all counts as inside, so no edit is offered.
 */
function isInsideYamlScalar(text: string, offset: number): boolean {
  let inside = false;
  // The parser's recursion can abort the process on a text nested this deep.
  if (findExcessiveNesting(text) !== undefined) return true;
  try {
    for (const document of parseAllDocuments(text)) {
      visit(document, {
        Scalar(_key, node) {
          if (!isScalar(node) || node.range == null) return undefined;
          const [start, valueEnd] = node.range;
          if (start < offset && offset < valueEnd) {
            inside = true;
            return visit.BREAK;
          }
          return undefined;
        },
      });
      if (inside) return true;
    }
  } catch {
    return true;
  }
  return false;
}

/** Checks whether a 1-based line is a parser directive or part of a heredoc body or its delimiter. */
function isDockerfileBlock(model: DockerfileModel, line: number): boolean {
  const lastDirective = model.directives.at(-1);
  if (lastDirective !== undefined && line <= lastDirective.range.start.line) return true;

  return model.instructions.some((instruction) => {
    const heredocs = [...instruction.heredocs, ...(instruction.trigger?.heredocs ?? [])];
    if (heredocs.length === 0) return false;
    const bodyStart = Math.min(...heredocs.map((heredoc) => heredoc.bodyRange.start.line));
    return line >= bodyStart && line <= instruction.range.end.line;
  });
}
