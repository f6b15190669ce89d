import { describe, expect, it } from 'vitest';

import { parseDockerfile } from '../src/dockerfile/index.js';
import { toLspRange } from '../src/lsp/diagnostics.js';
import { createDisableEdit, type CommentedFile } from '../src/lsp/disable-comment.js';
import { classifyDocument } from '../src/lsp/files.js';

const compose: CommentedFile = { kind: 'compose' };
const dockerfile = (text: string): CommentedFile => ({ kind: 'dockerfile', model: parseDockerfile(text, '/project/Dockerfile') });
const insertion = (line: number, character: number, newText: string) => ({
  range: { start: { line, character }, end: { line, character } },
  newText,
});

describe('disable comment in compose files', () => {
  it.each([
    ['indented key', 'services:\n  a:\n    image: x\n', 3, insertion(2, 0, '    # compose-lint-disable-next-line rule-a\n')],
    ['first line', 'services:\n', 1, insertion(0, 0, '# compose-lint-disable-next-line rule-a\n')],
    ['line after a block scalar', 'a: |\n  x\nb: c\n', 3, insertion(2, 0, '# compose-lint-disable-next-line rule-a\n')],
    ['item of a flow sequence', 'a: [\n  x,\n  y\n]\n', 3, insertion(2, 0, '  # compose-lint-disable-next-line rule-a\n')],
    ['CRLF line endings', 'a: 1\r\nb: 2\r\n', 2, insertion(1, 0, '# compose-lint-disable-next-line rule-a\r\n')],
  ])('inserts above %s', (_case, text, line, expected) => {
    expect(createDisableEdit(text, line, 'rule-a', compose)).toEqual(expected);
  });

  it.each([
    ['block scalar content', 'a: |\n  x\n  y\n', 3],
    ['dockerfile_inline content', 'services:\n  a:\n    build:\n      dockerfile_inline: |\n        FROM b\n', 5],
    ['quoted scalar continuation', 'a: "p\n  q"\n', 2],
    ['plain scalar continuation', 'a: p\n  q\n', 2],
    ['line past the end', 'a: 1\n', 5],
  ])('offers nothing inside %s', (_case, text, line) => {
    expect(createDisableEdit(text, line, 'rule-a', compose)).toBeUndefined();
  });

  it('extends a directive above', () => {
    const text = '  # compose-lint-disable-next-line rule-b -- legacy\n  key: v\n';
    expect(createDisableEdit(text, 2, 'rule-a', compose)).toEqual(insertion(0, 41, ', rule-a'));
  });

  it('extends a directive list', () => {
    const text = '# compose-lint-disable-next-line rule-b, rule-c\nkey: v\n';
    expect(createDisableEdit(text, 2, 'rule-a', compose)).toEqual(insertion(0, 47, ', rule-a'));
  });

  it('skips a rule already listed', () => {
    const text = '# compose-lint-disable-next-line rule-b,rule-a\nkey: v\n';
    expect(createDisableEdit(text, 2, 'rule-a', compose)).toBeUndefined();
  });
});

describe('disable comment in Dockerfiles', () => {
  const heredoc = 'FROM alpine\nRUN <<EOF\necho hi\nEOF\nRUN true\n';
  const directives = '# syntax=docker/dockerfile:1\n# escape=\\\nFROM alpine\n';

  it.each([
    ['heredoc instruction', heredoc, 2, insertion(1, 0, '# compose-lint-disable-next-line rule-a\n')],
    ['instruction after a heredoc', heredoc, 5, insertion(4, 0, '# compose-lint-disable-next-line rule-a\n')],
    ['instruction after directives', directives, 3, insertion(2, 0, '# compose-lint-disable-next-line rule-a\n')],
    ['continuation line', 'FROM alpine\nRUN a \\\n    b\n', 3, insertion(2, 0, '    # compose-lint-disable-next-line rule-a\n')],
  ])('inserts above %s', (_case, text, line, expected) => {
    expect(createDisableEdit(text, line, 'rule-a', dockerfile(text))).toEqual(expected);
  });

  it.each([
    ['heredoc body', heredoc, 3],
    ['heredoc delimiter', heredoc, 4],
    ['first directive', directives, 1],
    ['last directive', directives, 2],
  ])('offers nothing on %s', (_case, text, line) => {
    expect(createDisableEdit(text, line, 'rule-a', dockerfile(text))).toBeUndefined();
  });
});

describe('document classification', () => {
  it.each([
    ['/p/compose.yaml', '', 'compose'],
    ['/p/docker-compose.yml', 'yaml', 'compose'],
    ['/p/compose.override.yml', '', 'compose'],
    ['/p/stack.yml', 'dockercompose', 'compose'],
    ['/p/stack.yml', 'yaml', 'other'],
    ['/p/Dockerfile', '', 'dockerfile'],
    ['/p/dockerfile', '', 'dockerfile'],
    ['/p/Containerfile', '', 'dockerfile'],
    ['/p/Dockerfile.dev', '', 'dockerfile'],
    ['/p/api.Dockerfile', '', 'dockerfile'],
    ['/p/build.df', 'dockerfile', 'dockerfile'],
    ['/p/Dockerfiles.txt', '', 'other'],
    ['/p/.env', '', 'other'],
  ])('classifies %s (%s)', (path, languageId, expected) => {
    expect(classifyDocument(path, languageId)).toBe(expected);
  });
});

describe('LSP range conversion', () => {
  it('shifts lines and columns to zero', () => {
    const range = { file: '/p/Dockerfile', start: { line: 1, column: 6, offset: 5 }, end: { line: 2, column: 1, offset: 15 } };
    expect(toLspRange(range)).toEqual({ start: { line: 0, character: 5 }, end: { line: 1, character: 0 } });
  });
});
