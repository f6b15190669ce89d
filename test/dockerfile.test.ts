import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, test } from 'vitest';

import { parseDockerfile, type DockerfileModel, type StageReference } from '../src/dockerfile/index.js';
import { LineIndex, type SourceRange } from '../src/source.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../fixtures/dockerfiles');

/** Writes `text` as a Dockerfile in a new temporary directory and parses the file read back from disk. */
function parseWritten(text: string, name = 'Dockerfile'): DockerfileModel {
  const path = join(mkdtempSync(join(tmpdir(), 'compose-lint-dockerfile-')), name);
  writeFileSync(path, text);
  return parseDockerfile(readFileSync(path, 'utf8'), path);
}

function parseFixture(name: string): DockerfileModel {
  const path = join(fixtures, name);
  return parseDockerfile(readFileSync(path, 'utf8'), path);
}

/** `line:column-line:column` of a range. */
function span(range: SourceRange | undefined): string {
  if (range === undefined) return 'none';
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/** Returns the text a range covers, read through its offsets. */
function textAt(model: DockerfileModel, range: SourceRange): string {
  return model.text.slice(range.start.offset, range.end.offset);
}

function allReferences(model: DockerfileModel): StageReference[] {
  return model.stages.flatMap((stage) => stage.references);
}

describe('parseDockerfile stages', () => {
  const model = parseWritten('FROM --platform=$BUILDPLATFORM golang:1.22 AS Build\nRUN go build\n');
  const stage = model.stages[0]!;

  test('stage name is lowercased', () => {
    expect(stage.name).toBe('build');
  });

  test('stage name range is exact', () => {
    expect(span(stage.nameRange)).toBe('1:47-1:52');
  });

  test('base range covers image only', () => {
    expect(span(stage.base.range)).toBe('1:32-1:43');
  });

  test('base text is the image', () => {
    expect(stage.base.text).toBe('golang:1.22');
  });

  test('base kind is from', () => {
    expect(stage.base.kind).toBe('from');
  });

  test('platform value is read', () => {
    expect(stage.platform).toBe('$BUILDPLATFORM');
  });

  test('platform range is exact', () => {
    expect(span(stage.platformRange)).toBe('1:17-1:31');
  });

  test('stage range covers FROM line', () => {
    expect(span(stage.range)).toBe('1:1-1:52');
  });

  test('valid stage has no findings', () => {
    expect(model.findings).toEqual([]);
  });

  test('range file is the Dockerfile', () => {
    expect(stage.base.range.file).toBe(model.file);
  });

  test('unnamed stage has no name', () => {
    const unnamed = parseWritten('FROM alpine\n').stages[0]!;
    expect(unnamed.name).toBeUndefined();
  });

  test('stage indexes follow file order', () => {
    const stages = parseWritten('FROM a AS one\nFROM b\nFROM c AS three\n').stages;
    expect(stages.map((each) => [each.index, each.name])).toEqual([[0, 'one'], [1, undefined], [2, 'three']]);
  });

  test('stage range excludes trailing spaces', () => {
    const spaced = parseWritten('FROM alpine AS base   \n').stages[0]!;
    expect(span(spaced.range)).toBe('1:1-1:20');
  });

  test('quoted platform is unquoted', () => {
    const quoted = parseWritten('FROM --platform="linux/arm64" alpine\n').stages[0]!;
    expect(quoted.platform).toBe('linux/arm64');
  });

  test('from spanning continuation lines', () => {
    const continued = parseWritten('FROM \\\n  --platform=linux/amd64 \\\n  alpine:3.20 \\\n  AS base\n');
    expect(span(continued.stages[0]!.base.range)).toBe('3:3-3:14');
  });
});

describe('parseDockerfile references', () => {
  test('copy-from range is exact', () => {
    const model = parseWritten('FROM golang AS builder\nRUN go build\n\nFROM alpine\nCOPY --from=builder /a /b\n');
    const reference = model.stages[1]!.references[0]!;
    expect(span(reference.range)).toBe('5:13-5:20');
    expect(reference.text).toBe('builder');
    expect(reference.kind).toBe('copy-from');
    expect(reference.stageIndex).toBe(1);
    expect(reference.onbuild).toBe(false);
  });

  test('copy-from among several flags', () => {
    const model = parseWritten('FROM alpine\nCOPY --chmod=755 --link --from=build --chown=1:1 /a /b\n');
    const reference = allReferences(model)[0]!;
    expect(reference.text).toBe('build');
    expect(span(reference.range)).toBe('2:32-2:37');
  });

  test('add --from is a reference', () => {
    const model = parseWritten('FROM alpine\nADD --from=build /a /b\n');
    expect(allReferences(model).map((each) => [each.kind, each.text])).toEqual([['copy-from', 'build']]);
  });

  test('quoted copy-from excludes quotes', () => {
    const model = parseWritten("FROM alpine\nCOPY --from='build' /a /b\n");
    const reference = allReferences(model)[0]!;
    expect(reference.text).toBe('build');
    expect(textAt(model, reference.range)).toBe('build');
  });

  test('empty copy-from is no reference', () => {
    const model = parseWritten('FROM alpine\nCOPY --from= /a /b\n');
    expect(allReferences(model)).toEqual([]);
  });

  test('mount-from among several mounts', () => {
    const text =
      'FROM alpine\n' +
      'RUN --mount=type=cache,target=/c --mount=type=bind,from=deps,source=/d,target=/d --mount=type=secret,id=s make\n';
    const model = parseWritten(text);
    const references = allReferences(model);
    expect(references.map((each) => [each.kind, each.text])).toEqual([['mount-from', 'deps']]);
    expect(span(references[0]!.range)).toBe('2:57-2:61');
  });

  test('mounts with from in two flags', () => {
    const model = parseWritten('FROM alpine\nRUN --mount=from=a,target=/a --mount=type=bind,from=b,target=/b true\n');
    expect(allReferences(model).map((each) => each.text)).toEqual(['a', 'b']);
  });

  test('quoted mount value with space', () => {
    const model = parseWritten('FROM alpine\nRUN --mount="type=bind,from=a,source=a b" true\n');
    const references = allReferences(model);
    expect(references.map((each) => each.text)).toEqual(['a']);
    expect(span(references[0]!.range)).toBe('2:29-2:30');
    expect(textAt(model, references[0]!.range)).toBe('a');
  });

  test('mount field in CSV quotes', () => {
    const model = parseWritten('FROM alpine\nRUN --mount=\'"from=a,b",target=/t\' true\n');
    const reference = allReferences(model)[0]!;
    expect(reference.text).toBe('a,b');
    expect(textAt(model, reference.range)).toBe('a,b');
  });

  test('mount option name ignores case', () => {
    const model = parseWritten('FROM alpine\nRUN --mount=type=bind,FROM=deps true\n');
    expect(allReferences(model).map((each) => each.text)).toEqual(['deps']);
  });

  test('empty mount from is recorded', () => {
    const model = parseWritten('FROM alpine\nRUN --mount=type=bind,from=,target=/x true\n');
    const reference = allReferences(model)[0]!;
    expect(reference.text).toBe('');
    expect(span(reference.range)).toBe('2:28-2:28');
  });

  test('mount without from is no reference', () => {
    const model = parseWritten('FROM alpine\nRUN --mount=type=cache,target=/root/.cache true\n');
    expect(allReferences(model)).toEqual([]);
  });

  test('flag after comment continuation line', () => {
    const model = parseWritten('FROM alpine\nCOPY \\\n  # where the binary comes from\n  --from=builder /a /b\n');
    const reference = allReferences(model)[0]!;
    expect(span(reference.range)).toBe('4:10-4:17');
    expect(textAt(model, reference.range)).toBe('builder');
  });

  test('arguments are not flags', () => {
    const model = parseWritten('FROM alpine\nCOPY /src --from=x /dst\n');
    expect(allReferences(model)).toEqual([]);
  });

  test('double dash ends flags', () => {
    const model = parseWritten('FROM alpine\nCOPY -- --from=x /dst\n');
    expect(allReferences(model)).toEqual([]);
  });

  test('references belong to their stage', () => {
    const model = parseWritten('FROM a AS one\nCOPY --from=x / /\nFROM b\nCOPY --from=y / /\n');
    expect(allReferences(model).map((each) => [each.text, each.stageIndex])).toEqual([['x', 0], ['y', 1]]);
  });
});

describe('parseDockerfile ONBUILD', () => {
  const model = parseWritten(
    'FROM alpine AS base\nONBUILD COPY --from=builder /a /b\nONBUILD RUN --mount=type=bind,from=deps,target=/d make\n',
  );
  const references = allReferences(model);

  test('onbuild references are marked', () => {
    expect(references.map((each) => [each.kind, each.text, each.onbuild])).toEqual([
      ['copy-from', 'builder', true],
      ['mount-from', 'deps', true],
    ]);
  });

  test('onbuild copy-from range', () => {
    expect(span(references[0]!.range)).toBe('2:21-2:28');
  });

  test('onbuild mount-from range', () => {
    expect(span(references[1]!.range)).toBe('3:36-3:40');
  });

  test('onbuild adds no findings', () => {
    expect(model.findings).toEqual([]);
  });
});

describe('parseDockerfile heredocs', () => {
  test('run heredoc body is skipped', () => {
    const model = parseWritten('FROM alpine\nRUN <<EOF\nCOPY --from=x /a /b\nFROM evil AS y\nEOF\nCOPY --from=z / /\n');
    expect(allReferences(model).map((each) => each.text)).toEqual(['z']);
    expect(model.stages).toHaveLength(1);
    expect(model.findings).toEqual([]);
  });

  test('copy heredoc body is skipped', () => {
    const model = parseWritten('FROM alpine\nCOPY <<EOF /etc/x\nRUN --mount=from=x true\nEOF\n');
    expect(allReferences(model)).toEqual([]);
    expect(model.findings).toEqual([]);
  });

  test('two heredocs on one line', () => {
    const model = parseWritten('FROM alpine\nRUN <<A cat - <<B\nCOPY --from=a / /\nA\nCOPY --from=b / /\nB\nCOPY --from=c / /\n');
    expect(allReferences(model).map((each) => each.text)).toEqual(['c']);
  });

  test('heredoc with flags before it', () => {
    const model = parseWritten('FROM alpine\nRUN --mount=from=deps,target=/d <<EOF\nFOO not an instruction\nEOF\n');
    expect(allReferences(model).map((each) => each.text)).toEqual(['deps']);
    expect(model.findings).toEqual([]);
  });

  test('chomped heredoc terminator', () => {
    const model = parseWritten('FROM alpine\nRUN <<-EOF\n\tCOPY --from=x / /\n\tEOF\nCOPY --from=y / /\n');
    expect(allReferences(model).map((each) => each.text)).toEqual(['y']);
  });
});

describe('parseDockerfile global ARGs', () => {
  test('several names in one ARG', () => {
    const model = parseWritten('ARG A B=c\nFROM alpine\n');
    expect(model.globalArgs.map((each) => [each.name, each.defaultValue])).toEqual([['A', undefined], ['B', 'c']]);
  });

  test('arg ranges are exact', () => {
    const model = parseWritten('ARG A B=c\nFROM alpine\n');
    const second = model.globalArgs[1]!;
    expect(span(second.range)).toBe('1:7-1:10');
    expect(span(second.nameRange)).toBe('1:7-1:8');
  });

  test('quoted defaults are unquoted', () => {
    const model = parseWritten('ARG D="x y" E=\'$HOME\' F=a\\ b G="${H}"\nFROM alpine\n');
    expect(model.globalArgs.map((each) => [each.name, each.defaultValue])).toEqual([
      ['D', 'x y'],
      ['E', '$HOME'],
      ['F', 'a b'],
      ['G', '${H}'],
    ]);
  });

  test('default text keeps quotes', () => {
    const model = parseWritten('ARG D="x y"\nFROM alpine\n');
    expect(model.globalArgs[0]!.defaultText).toBe('"x y"');
  });

  test('empty default is empty', () => {
    const model = parseWritten('ARG E=\nFROM alpine\n');
    expect(model.globalArgs[0]!.defaultValue).toBe('');
  });

  test('arg after FROM is not global', () => {
    const model = parseWritten('ARG A=1\nFROM alpine\nARG B=2\n');
    expect(model.globalArgs.map((each) => each.name)).toEqual(['A']);
  });

  test('arg across continuation lines', () => {
    const model = parseWritten('ARG A=1 \\\n    B="two words"\nFROM alpine\n');
    const second = model.globalArgs[1]!;
    expect(second.defaultValue).toBe('two words');
    expect(span(second.range)).toBe('2:5-2:18');
  });
});

describe('parseDockerfile encodings', () => {
  test('crlf columns are exact', () => {
    const model = parseWritten('FROM golang AS builder\r\nFROM alpine\r\nCOPY --from=builder /a /b\r\n');
    const reference = allReferences(model)[0]!;
    expect(span(reference.range)).toBe('3:13-3:20');
    expect(textAt(model, reference.range)).toBe('builder');
  });

  test('crlf continuation lines', () => {
    const model = parseWritten('FROM alpine\r\nRUN --mount=type=cache,target=/c \\\r\n    --mount=from=deps,target=/d \\\r\n    make\r\n');
    const reference = allReferences(model)[0]!;
    expect(span(reference.range)).toBe('3:18-3:22');
    expect(model.findings).toEqual([]);
  });

  test('crlf stage name has no carriage return', () => {
    const model = parseWritten('FROM alpine AS base\r\n');
    expect(model.stages[0]!.name).toBe('base');
  });

  test('byte order mark is no column', () => {
    const model = parseWritten('\uFEFFFROM alpine AS base\nCOPY --from=base / /\n');
    const stage = model.stages[0]!;
    expect(span(stage.base.range)).toBe('1:6-1:12');
    expect(textAt(model, stage.base.range)).toBe('alpine');
    expect(span(stage.nameRange)).toBe('1:16-1:20');
    expect(span(stage.references[0]!.range)).toBe('2:13-2:17');
    expect(model.findings).toEqual([]);
  });

  test('byte order mark with crlf', () => {
    const model = parseWritten('\uFEFFARG BASE=alpine\r\nFROM ${BASE} AS base\r\n');
    expect(model.globalArgs[0]!.defaultValue).toBe('alpine');
    expect(span(model.globalArgs[0]!.range)).toBe('1:5-1:16');
    expect(span(model.stages[0]!.base.range)).toBe('2:6-2:13');
  });

  test('backtick escape directive', () => {
    const model = parseFixture('escape-backtick.Dockerfile');
    expect(model.escapeCharacter).toBe('`');
    expect(model.findings).toEqual([]);
    expect(model.stages.map((each) => each.name)).toEqual(['base', undefined]);
    expect(span(allReferences(model)[0]!.range)).toBe('6:13-6:17');
  });

  test('backslash is literal with backtick', () => {
    const model = parseWritten('# escape=`\nFROM alpine\nCOPY --from=C:\\x / /\n');
    expect(allReferences(model)[0]!.text).toBe('C:\\x');
  });
});

describe('parseDockerfile inline locate', () => {
  // A compose file whose `dockerfile_inline` block starts on line 6,
  // indented by 8 spaces.
  const compose = [
    'services:',
    '  app:',
    '    build:',
    '      context: .',
    '      dockerfile_inline: |',
    '        RUN setup',
    '        FROM alpine AS base',
    '        COPY --from=builder /a /b',
    '',
  ].join('\n');
  const directory = mkdtempSync(join(tmpdir(), 'compose-lint-inline-'));
  const composePath = join(directory, 'compose.yaml');
  writeFileSync(composePath, compose);
  const composeText = readFileSync(composePath, 'utf8');
  const composeIndex = new LineIndex(composeText);

  // Each line of the block scalar, with the compose offset of its first character.
  const blockLines = composeText.split('\n').slice(5, 8).map((line, index) => ({
    text: line.slice(8),
    composeOffset: composeIndex.offset(6 + index, 9),
  }));
  const inline = blockLines.map((line) => `${line.text}\n`).join('');
  const locate = (offset: number) => {
    let lineStart = 0;
    for (const line of blockLines) {
      if (offset <= lineStart + line.text.length) return composeIndex.position(line.composeOffset + offset - lineStart);
      lineStart += line.text.length + 1;
    }
    return composeIndex.position(composeText.length);
  };
  const model = parseDockerfile(inline, composePath, { locate });

  test('inline reference range', () => {
    const reference = allReferences(model)[0]!;
    expect(span(reference.range)).toBe('8:21-8:28');
    expect(composeText.slice(reference.range.start.offset, reference.range.end.offset)).toBe('builder');
  });

  test('inline range names compose file', () => {
    expect(model.stages[0]!.base.range.file).toBe(composePath);
  });

  test('inline finding range', () => {
    expect(model.findings.map((finding) => span(finding.range))).toEqual(['6:9-6:18']);
  });
});

describe('parseDockerfile findings', () => {
  const cases: Array<[name: string, text: string, message: string, range: string]> = [
    ['empty file', '', 'Dockerfile is empty', '1:1-1:1'],
    ['blank file', '\n  \n', 'Dockerfile is empty', '1:1-1:1'],
    ['only global ARG', 'ARG A=1\n', 'Dockerfile has no FROM instruction', '1:1-1:4'],
    ['only comments', '# nothing here\n', 'Dockerfile has no FROM instruction', '1:1-1:1'],
    ['RUN before FROM', 'RUN echo hi\nFROM alpine\n', 'RUN before the first FROM: only ARG may come before FROM', '1:1-1:12'],
    ['unknown instruction', 'FROM alpine\nFOO bar\n', 'Unknown instruction "FOO"', '2:1-2:4'],
    ['FROM without image', 'FROM\n', 'FROM has no image: write FROM <image> or FROM <image> AS <name>', '1:1-1:5'],
    [
      'FROM with only platform',
      'FROM --platform=linux/amd64\n',
      'FROM has no image: write FROM <image> or FROM <image> AS <name>',
      '1:1-1:5',
    ],
    ['AS without name', 'FROM alpine AS\n', 'Invalid FROM arguments: write FROM <image> or FROM <image> AS <name>', '1:13-1:15'],
    ['extra FROM words', 'FROM alpine foo bar\n', 'Invalid FROM arguments: write FROM <image> or FROM <image> AS <name>', '1:13-1:20'],
    [
      'stage name with digit first',
      'FROM alpine AS 1st\n',
      'Invalid stage name "1st": a stage name must start with a letter and contain only letters, digits, "-", "_" and "."',
      '1:16-1:19',
    ],
    [
      'stage name with slash',
      'FROM alpine AS my/stage\n',
      'Invalid stage name "my/stage": a stage name must start with a letter and contain only letters, digits, "-", "_" and "."',
      '1:16-1:24',
    ],
    ['ADD with --from', 'FROM alpine\nADD --from=build /a /b\n', 'ADD does not support --from: use COPY --from', '2:5-2:17'],
    ['ARG without name', 'ARG =1\nFROM alpine\n', 'ARG has an empty name in "=1": write ARG <name>=<default>', '1:5-1:7'],
    ['ARG without arguments', 'ARG\nFROM alpine\n', 'ARG has no name: write ARG <name> or ARG <name>=<default>', '1:1-1:4'],
    ['ONBUILD FROM', 'FROM alpine\nONBUILD FROM x\n', 'FROM cannot be an ONBUILD trigger', '2:9-2:13'],
    ['ONBUILD alone', 'FROM alpine\nONBUILD\n', 'ONBUILD has no instruction: write ONBUILD <instruction>', '2:1-2:8'],
    ['empty mount value', 'FROM alpine\nRUN --mount= true\n', 'Invalid --mount value: empty value', '2:13-2:13'],
    ['mount with bare quote', 'FROM alpine\nRUN --mount=from=a\\"b true\n', 'Invalid --mount value: bare " in an unquoted field', '2:13-2:22'],
  ];

  test.each(cases)('reports %s', (_name, text, message, range) => {
    const model = parseWritten(text);
    expect(model.findings.map((finding) => [finding.message, span(finding.range)])).toEqual([[message, range]]);
    expect(model.findings[0]!.ruleId).toBe('dockerfile-syntax');
    expect(model.findings[0]!.severity).toBe('error');
  });

  test('unknown instruction before FROM', () => {
    const model = parseWritten('FOO bar\nFROM alpine\n');
    expect(model.findings.map((finding) => finding.message)).toEqual(['Unknown instruction "FOO"']);
  });

  test('lowercase keywords are valid', () => {
    const model = parseWritten('from alpine as base\ncopy --from=base / /\n');
    expect(model.findings).toEqual([]);
    expect(allReferences(model)).toHaveLength(1);
  });

  test('broad valid file has no findings', () => {
    const model = parseFixture('broad.Dockerfile');
    expect(model.findings).toEqual([]);
  });

  test('broad file stages', () => {
    const model = parseFixture('broad.Dockerfile');
    expect(model.stages.map((each) => [each.name, each.base.text])).toEqual([
      ['build', 'golang:${GO_VERSION}'],
      ['runtime', 'alpine:${ALPINE_VERSION}'],
      ['final', 'runtime'],
    ]);
  });

  test('broad file references', () => {
    const model = parseFixture('broad.Dockerfile');
    expect(allReferences(model).map((each) => [each.kind, each.text, each.stageIndex, each.onbuild])).toEqual([
      ['copy-from', 'build', 1, false],
      ['copy-from', 'build', 1, true],
      ['mount-from', 'runtime', 1, true],
    ]);
  });

  test('broad file global ARGs', () => {
    const model = parseFixture('broad.Dockerfile');
    expect(model.globalArgs.map((each) => [each.name, each.defaultValue])).toEqual([
      ['GO_VERSION', '1.22'],
      ['ALPINE_VERSION', '3.20'],
      ['REGISTRY', undefined],
    ]);
  });

  test('line after escaped escape', () => {
    // BuildKit does not continue a line that ends in an escaped escape character.
    const model = parseWritten('FROM alpine\nRUN echo done \\\\\nCOPY --from=z / /\n');
    const reference = allReferences(model)[0]!;
    expect(reference.text).toBe('z');
    expect(span(reference.range)).toBe('3:13-3:14');
  });

  test('every prefix parses without throwing', () => {
    const text = readFileSync(join(fixtures, 'broad.Dockerfile'), 'utf8');
    for (let end = 0; end <= text.length; end++) {
      const model = parseDockerfile(text.slice(0, end), '/prefix/Dockerfile');
      const internal = model.findings.filter((finding) => finding.message.startsWith('Dockerfile could not be parsed'));
      expect(internal).toEqual([]);
    }
  });

  test('malformed words parse without throwing', () => {
    const inputs = ['FROM "', "RUN --mount='", 'ARG A="', 'FROM a\nCOPY --from="', 'FROM ${', '\u0000\u0001', 'FROM a\nRUN <<EOF\n'];
    for (const input of inputs) {
      const model = parseDockerfile(input, '/malformed/Dockerfile');
      expect(model.file).toBe('/malformed/Dockerfile');
    }
  });
});
