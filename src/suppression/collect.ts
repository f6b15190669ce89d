import type { Analysis } from '../engine/analysis.js';
import type { DockerfileModel, Instruction } from '../dockerfile/types.js';
import { LineIndex, type Position, type SourceRange } from '../source.js';
import { findDockerfileComments, findYamlComments, type Comment } from './comments.js';
import { mayContainDirective, parseDirective } from './directive.js';
import type { Suppression } from './types.js';

/** A text whose comments may hold suppressions, and how its offsets map into the file they suppress in. */
interface CommentedText {
  file: string;
  language: Suppression['language'];
  text: string;
  comments: Comment[];
  /** Position in `file` of an offset into `text`. */
  locate: (offset: number) => Position;
}

/**
 * Reads the suppression comments of the given files of a project: the
 * compose files, the Dockerfiles they build and the Dockerfiles written
 * inline in a compose file, whose comments suppress findings in that
 * compose file. Other files, such as `.env`, have none.
 */
export function collectSuppressions(analysis: Analysis, files: ReadonlySet<string>): Map<string, Suppression[]> {
  const texts: CommentedText[] = [];

  for (const file of analysis.project.composeFiles) {
    if (!files.has(file)) continue;
    // NOTE: a compose file read from standard input (`-f -`) is not readable
    // through the host, so its comments suppress nothing.
    const text = analysis.host.readText(file);
    if (text === undefined || !mayContainDirective(text)) continue;

    const lines = new LineIndex(text);
    texts.push({ file, language: 'yaml', text, comments: findYamlComments(text), locate: (offset) => lines.position(offset) });
  }

  const seenModels = new Set<DockerfileModel>();
  for (const { build, dockerfile } of analysis.builds) {
    if (dockerfile.kind !== 'file' && dockerfile.kind !== 'inline') continue;
    const model = dockerfile.model;
    if (seenModels.has(model) || !files.has(model.file) || !mayContainDirective(model.text)) continue;
    seenModels.add(model);

    const inline = dockerfile.kind === 'inline' ? build.dockerfileInline : undefined;
    const lines = new LineIndex(model.text);
    const locate = inline === undefined ? (offset: number) => lines.position(offset) : inline.locate;
    const bodies = heredocBodies(model);
    const isHeredocBody = (offset: number): boolean => {
      const position = locate(offset).offset;
      return bodies.some((body) => body.start.offset <= position && position <= body.end.offset);
    };
    texts.push({ file: model.file, language: 'dockerfile', text: model.text, comments: findDockerfileComments(model.text, isHeredocBody), locate });
  }

  const byFile = new Map<string, Suppression[]>();
  const seenComments = new Set<string>();
  for (const text of texts) {
    for (const suppression of readSuppressions(text)) {
      // An inline Dockerfile that services share through a YAML alias is read once per service.
      const key = `${suppression.file}:${suppression.range.start.offset}`;
      if (seenComments.has(key)) continue;
      seenComments.add(key);

      const list = byFile.get(suppression.file) ?? [];
      list.push(suppression);
      byFile.set(suppression.file, list);
    }
  }
  return byFile;
}

function heredocBodies(model: DockerfileModel): SourceRange[] {
  const bodies: SourceRange[] = [];
  const add = (instruction: Instruction): void => {
    for (const heredoc of instruction.heredocs) bodies.push(heredoc.bodyRange);
    if (instruction.trigger !== undefined) add(instruction.trigger);
  };
  for (const instruction of model.instructions) add(instruction);
  return bodies;
}

function readSuppressions(source: CommentedText): Suppression[] {
  const lines = new LineIndex(source.text);
  const range = (start: number, end: number): SourceRange => ({ file: source.file, start: source.locate(start), end: source.locate(end) });

  const directives = source.comments.flatMap((comment) => {
    const directive = parseDirective(source.text.slice(comment.start, comment.end));
    return directive === undefined ? [] : [{ comment, directive, line: lines.position(comment.start).line }];
  });

  // Stacked `disable-next-line` comments all apply to the first line below them that is not one.
  const stackedLines = new Set(
    directives.filter(({ comment, directive }) => comment.ownLine && directive.kind === 'next-line').map(({ line }) => line),
  );

  return directives.map(({ comment, directive, line }): Suppression => {
    let textLine: number | undefined;
    if (directive.kind === 'line') textLine = line;
    if (directive.kind === 'next-line') {
      textLine = line + 1;
      while (stackedLines.has(textLine)) textLine++;
    }
    const targetLine =
      textLine === undefined || textLine > lines.lineCount ? undefined : source.locate(lines.offset(textLine, 1)).line;

    const rules = directive.rules.map((rule, index) => {
      const previous = directive.rules[index - 1];
      const next = directive.rules[index + 1];
      // Take out the id with the separator before it, or after it for the first id.
      const removalStart = previous === undefined ? rule.start : previous.end;
      const removalEnd = previous === undefined && next !== undefined ? next.start : rule.end;
      return {
        id: rule.id,
        range: range(comment.start + rule.start, comment.start + rule.end),
        removal: range(comment.start + removalStart, comment.start + removalEnd),
      };
    });

    return {
      kind: directive.kind,
      file: source.file,
      language: source.language,
      rules,
      reason: directive.reason,
      line: targetLine,
      range: range(comment.start, comment.end),
      keyword: range(comment.start + directive.keyword.start, comment.start + directive.keyword.end),
      removal: removalRange(source.text, comment, range),
    };
  });
}

/** Returns the whole line of a comment that is alone on it, or else the comment and the white space before it. */
function removalRange(text: string, comment: Comment, range: (start: number, end: number) => SourceRange): SourceRange {
  if (comment.ownLine) {
    const lineStart = text.lastIndexOf('\n', comment.start - 1) + 1;
    const newline = text.indexOf('\n', comment.end);
    return range(lineStart, newline === -1 ? text.length : newline + 1);
  }

  let start = comment.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return range(start, comment.end);
}
