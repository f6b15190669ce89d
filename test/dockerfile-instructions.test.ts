import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { dumpInstructions, parseDockerfile, type DockerfileModel } from '../src/dockerfile/index.js';
import { span } from './support/model-subset.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/dockerfiles');

/** Writes `text` as a Dockerfile in a new temporary directory and parses the file read back from disk. */
function parseWritten(text: string): DockerfileModel {
  const path = join(mkdtempSync(join(tmpdir(), 'compose-lint-instructions-')), 'Dockerfile');
  writeFileSync(path, text);
  return parseDockerfile(readFileSync(path, 'utf8'), path);
}

function findingsOf(text: string): string[] {
  return parseWritten(text).findings.map((finding) => `${finding.ruleId} ${span(finding.range)} ${finding.message}`);
}

describe('parseDockerfile syntax errors', () => {
  test.each([
    ['duplicate directive', '# escape=`\n# escape=\\\nFROM alpine\n', 'dockerfile-syntax 2:10-2:11 Only one escape parser directive can be used'],
    ['invalid escape', '# escape=x\nFROM alpine\n', 'dockerfile-syntax 1:10-1:11 Invalid escape character "x": the escape directive accepts only ` or \\'],
    ['unterminated heredoc', 'FROM alpine\nRUN <<EOF\necho hi\n', 'dockerfile-syntax 2:5-2:10 Unterminated heredoc: no line "EOF" ends it'],
    [
      'nested JSON',
      'FROM alpine\nCMD [ "echo", [ "nested json" ] ]\n',
      'dockerfile-syntax 2:5-2:34 Invalid CMD arguments: when using JSON array syntax, arrays must be comprised of strings only',
    ],
    ['ENV without value', 'FROM alpine\nENV PATH\n', 'dockerfile-syntax 2:5-2:9 Invalid ENV arguments: ENV must have two arguments: write ENV <key>=<value>'],
    [
      'LABEL without equals',
      'FROM alpine\nLABEL a=b c\n',
      'dockerfile-syntax 2:7-2:12 Invalid LABEL arguments: Syntax error: no = in "c"; write LABEL <key>=<value>',
    ],
  ])('reports %s', (_name, text, expected) => {
    expect(findingsOf(text)).toEqual([expected]);
  });

  test.each([
    ['directive after an instruction', 'FROM alpine\n# escape=x\n'],
    ['directive after a blank line', '\n# escape=x\nFROM alpine\n'],
    ['unknown directive name', '# foo=bar\n# escape=x\nFROM alpine\n'],
    ['JSON heredoc word', 'FROM alpine\nRUN ["<<EOF"]\n'],
    ['quoted heredoc word', 'FROM alpine\nRUN echo "<<EOF"\n'],
    ['USER heredoc word', 'FROM alpine\nUSER <<EOF\n'],
  ])('accepts %s', (_name, text) => {
    expect(findingsOf(text)).toEqual([]);
  });
});

describe('parseDockerfile instructions', () => {
  test('stages list their instructions', () => {
    const model = parseWritten('ARG A=1\nFROM alpine AS one\nRUN true\nFROM one\nCOPY --from=one / /\n');
    expect(model.stages.map((stage) => stage.instructions.map((instruction) => instruction.keyword))).toEqual([
      ['FROM', 'RUN'],
      ['FROM', 'COPY'],
    ]);
  });

  test('global ARG has no stage', () => {
    const model = parseWritten('ARG A=1\nFROM alpine\n');
    expect(model.instructions[0]!.stageIndex).toBeUndefined();
  });

  test('stage instructions carry the index', () => {
    const model = parseWritten('FROM alpine\nFROM alpine\nRUN true\n');
    expect(model.instructions.map((instruction) => instruction.stageIndex)).toEqual([0, 1, 1]);
  });

  test('stage ARG declarations are kept', () => {
    const model = parseWritten('FROM alpine\nARG A B=2\n');
    expect(model.instructions[1]!.declarations?.map((declaration) => declaration.name)).toEqual(['A', 'B']);
  });

  test('flag value range excludes quotes', () => {
    const model = parseWritten('FROM alpine\nRUN --mount="type=bind,source=a b" true\n');
    expect(span(model.instructions[1]!.flags[0]!.valueRange!)).toBe('2:14-2:34');
  });

  test('heredoc body range', () => {
    const model = parseWritten('FROM alpine\nRUN <<EOF\necho one\necho two\nEOF\n');
    expect(span(model.instructions[1]!.heredocs[0]!.bodyRange)).toBe('3:1-4:9');
  });

  test('crlf heredoc body keeps line ends', () => {
    const model = parseWritten('FROM alpine\r\nRUN <<EOF\r\necho one\r\nEOF\r\n');
    expect(model.instructions[1]!.heredocs[0]!.body).toBe('echo one\r\n');
  });

  test('heredoc with backtick escape', () => {
    const model = parseWritten('# escape=`\nFROM alpine\nRUN <<EOF\nC:\\tools\nEOF\nRUN echo done\n');
    expect(model.instructions.map((instruction) => instruction.keyword)).toEqual(['FROM', 'RUN', 'RUN']);
  });

  test('normalized text collapses white space', () => {
    const model = parseWritten('FROM alpine\nrun   apt-get update \\\n    # comment\n    &&  echo "a   b"\n');
    expect(model.instructions[1]!.normalizedText).toBe('RUN apt-get update && echo "a   b"');
  });

  test('normalized text of onbuild', () => {
    const model = parseWritten('FROM alpine\nonbuild   copy  . /app\n');
    expect(model.instructions[1]!.normalizedText).toBe('ONBUILD COPY . /app');
  });

  test('dump matches BuildKit form', () => {
    const model = parseWritten('FROM alpine\nCOPY --chown=1:1 ["a b", "c"]\nONBUILD RUN echo "hi"\nENV A=1\n');
    expect(dumpInstructions(model)).toBe(
      '(from "alpine")\n(copy ["--chown=1:1"] "a b" "c")\n(onbuild (run "echo \\"hi\\""))\n(env "A" "1" "=")',
    );
  });
});

describe('parseDockerfile robustness', () => {
  test('every heredoc prefix parses', () => {
    const text = readFileSync(join(fixtures, 'heredocs.Dockerfile'), 'utf8');
    for (let end = 0; end <= text.length; end++) {
      const model = parseDockerfile(text.slice(0, end), '/prefix/Dockerfile');
      const internal = model.findings.filter((finding) => finding.message.startsWith('Dockerfile could not be parsed'));
      expect(internal).toEqual([]);
    }
  });

  test('malformed heredoc words parse', () => {
    const inputs = ['FROM a\nRUN <<', 'FROM a\nRUN <<"EOF', "FROM a\nRUN <<''\n", 'FROM a\nRUN <<${A\n', 'FROM a\nRUN <<${A:-\n', 'FROM a\nCOPY <<-\n'];
    for (const input of inputs) {
      const model = parseDockerfile(input, '/malformed/Dockerfile');
      const internal = model.findings.filter((finding) => finding.message.startsWith('Dockerfile could not be parsed'));
      expect(internal).toEqual([]);
    }
  });
});
