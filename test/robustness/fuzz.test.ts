import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import type { Finding } from '../../src/engine/finding.js';
import { applyEdits, chooseFixes } from '../../src/fix/apply.js';
import { lint } from '../../src/lint.js';
import { InputError } from '../../src/project/errors.js';
import { LineIndex } from '../../src/source.js';
import { copyFixture } from '../support/cli.js';
import { mapUntouchedLines, replayChange, runFixPasses, type FileChange, type FixRun } from './fix-passes.js';
import { MemoryHost, projectRoot, readFixtureProjects } from './memory-host.js';

/**
 * Runs per property. The default keeps `npm test` within a few seconds;
 * set FUZZ_RUNS (and FUZZ_SEED for other inputs) to search longer.
 */
const runs = Number(process.env.FUZZ_RUNS ?? 150);
const seed = Number(process.env.FUZZ_SEED ?? 20_240_611);

/** Milliseconds one lint of a small mutated project may take; they take a few milliseconds. */
const timeBound = 2_000;

/** Milliseconds one property may take: a few milliseconds per run, and more with FUZZ_RUNS. */
const propertyTimeout = { timeout: 30_000 + runs * 20 };

const projects = readFixtureProjects();

/** Text that breaks compose files and Dockerfiles in many ways when inserted anywhere. */
const insertions = [
  '${', '${A', '${A:?}', '}', '$$', '$', '<<', '<<: *a', '<<EOF', '\\', '\\\n', '"', "'", '`', '\t', '\0', '\r', '\r\n',
  '\n', '[', ']', '{', '}', ': ', '- ', ',', '&a ', '*a', '#', '!reset ', '!!binary ', '? ', '---\n', '...\n', '%YAML 1.2\n',
  '\uFEFF', '\uFFFD', '\u0085', 'FROM ', 'FROM scratch AS a\n', ' AS ', 'COPY --from=', 'RUN --mount=from=', 'ARG A=${A}\n',
  'ONBUILD ', '# escape=`\n', '# syntax=other/frontend\n', 'service:', 'additional_contexts: ', 'build: ', 'extends: ',
  'include: ', 'target: ', 'dockerfile_inline: |\n  FROM a\n',
];

/** Values that replace a YAML scalar, of every type and form. */
const scalarReplacements = ['[]', '{}', '1', '-1.5', '0x1F', 'true', 'null', '~', '[a, b]', '{a: b}', '*a', '"${X}"', "''", '!reset', '|\n  text', '>-\n  text', '&b c'];

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete-line'; line: number }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'swap-lines'; line: number }
  | { kind: 'replace-scalar'; occurrence: number; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...insertions) }),
  fc.record({ kind: fc.constant('delete-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('replace-scalar' as const), occurrence: fc.nat(), value: fc.constantFrom(...scalarReplacements) }),
);

function applyMutation(text: string, change: Mutation): string {
  const at = 'at' in change ? change.at % (text.length + 1) : 0;
  const lines = text.split('\n');
  const line = 'line' in change ? change.line % lines.length : 0;
  switch (change.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + change.length);
    case 'duplicate':
      return text.slice(0, at + change.length) + text.slice(at, at + change.length) + text.slice(at + change.length);
    case 'insert':
      return text.slice(0, at) + change.text + text.slice(at);
    case 'delete-line':
      return lines.filter((_, index) => index !== line).join('\n');
    case 'duplicate-line':
      return lines.flatMap((each, index) => (index === line ? [each, each] : [each])).join('\n');
    case 'swap-lines': {
      const next = (line + 1) % lines.length;
      [lines[line], lines[next]] = [lines[next]!, lines[line]!];
      return lines.join('\n');
    }
    case 'replace-scalar': {
      const values = [...text.matchAll(/(?<=: |- )[^\s\n][^\n]*/g)];
      if (values.length === 0) return text;
      const value = values[change.occurrence % values.length]!;
      return text.slice(0, value.index) + change.value + text.slice(value.index + value[0].length);
    }
  }
}

/** Files whose text the mutations change: compose files and Dockerfiles. */
function isMutable(path: string): boolean {
  return /\.ya?ml$|Dockerfile|\.env$|\.dockerignore$/.test(path);
}

/** A fixture project with one of its files changed by a few mutations. */
const mutatedProject = fc
  .record({
    project: fc.nat({ max: projects.length - 1 }),
    file: fc.nat(),
    mutations: fc.array(mutation, { minLength: 1, maxLength: 6 }),
  })
  .map(({ project, file, mutations }) => {
    const files = new Map(projects[project]!.files);
    const paths = [...files.keys()].filter(isMutable);
    const path = paths[file % paths.length]!;
    files.set(path, mutations.reduce(applyMutation, files.get(path)!));
    return files;
  });

/**
 * Lints a project in memory, and fails on any exception but `InputError`,
 * which reports input that cannot be read at all, and on a slow run.
 */
function lintWithinBound(files: ReadonlyMap<string, string>): Finding[] | undefined {
  const started = performance.now();
  try {
    return lint({ path: projectRoot }, new MemoryHost(files)).findings;
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  } finally {
    expect(performance.now() - started).toBeLessThan(timeBound);
  }
}

/** Checks that a range points into a file of the project, inside its text. */
function expectValidRange(files: ReadonlyMap<string, string>, range: Finding['range']): void {
  const text = files.get(range.file);
  expect(text, `finding in ${range.file}, which is not a project file`).toBeDefined();

  const lines = new LineIndex(text!);
  expect(range.start.line).toBeGreaterThanOrEqual(1);
  expect(range.start.column).toBeGreaterThanOrEqual(1);
  expect(range.end.line).toBeLessThanOrEqual(lines.lineCount);
  expect(range.start.offset).toBeLessThanOrEqual(range.end.offset);
  expect(range.end.offset).toBeLessThanOrEqual(text!.length);
  expect(lines.position(range.start.offset)).toEqual(range.start);
}

function expectValidFindings(files: ReadonlyMap<string, string>, findings: readonly Finding[]): void {
  for (const finding of findings) {
    expectValidRange(files, finding.range);
    for (const related of finding.related ?? []) expectValidRange(files, related.range);
  }
}

/** Compose file texts of a project that parse without YAML errors. */
function parsesCleanly(text: string): boolean {
  return parseAllDocuments(text, { uniqueKeys: false }).every((document) => 'errors' in document && document.errors.length === 0);
}

/** Tokens that random compose files are made of. */
const composeTokens = [
  'services:', 'build:', 'context: .', 'dockerfile: Dockerfile', 'image: app', 'additional_contexts:', 'base: service:base', 'args:',
  'target: prod', 'extends: base', 'include:', '- ', ': ', '\n', '  ', '    ', '[', ']', '{', '}', ',', '"', "'", '&a', '*a', '<<:',
  '${A}', '${', '$$', '#', '!reset', '---', '|', '>', 'x-', 'app', 'base', '1', 'true', 'null', '\t',
];

/** Tokens that random Dockerfiles are made of. */
const dockerfileTokens = [
  'FROM', 'alpine', 'base', 'AS', 'build', 'RUN', 'COPY', 'ADD', 'ARG', 'ENV', 'LABEL', 'ONBUILD', '--from=', '--mount=from=',
  '--platform=', '<<EOF', 'EOF', '\\', '`', '${A}', '$A', '${A:-b}', '=', '"', "'", '[', ']', ',', ' ', '\n', '\t', '# escape=`',
  '# syntax=docker/dockerfile:1', 'src', '/dst', '*',
];

const randomText = (tokens: string[]): fc.Arbitrary<string> => fc.array(fc.constantFrom(...tokens), { maxLength: 80 }).map((parts) => parts.join(''));

describe('fuzzing', () => {
  it('finds fixture projects', () => {
    expect(projects.length).toBeGreaterThan(3);
  });

  it('mutated projects lint within bound', propertyTimeout, () => {
    fc.assert(
      fc.property(mutatedProject, (files) => {
        const findings = lintWithinBound(files);
        if (findings !== undefined) expectValidFindings(files, findings);
      }),
      { seed, numRuns: runs },
    );
  });

  it('random compose files lint within bound', propertyTimeout, () => {
    fc.assert(
      fc.property(randomText(composeTokens), (compose) => {
        const files = new Map([[`${projectRoot}/compose.yaml`, compose], [`${projectRoot}/Dockerfile`, 'FROM alpine\n']]);
        const findings = lintWithinBound(files);
        if (findings !== undefined) expectValidFindings(files, findings);
      }),
      { seed, numRuns: runs },
    );
  });

  it('random Dockerfiles lint within bound', propertyTimeout, () => {
    fc.assert(
      fc.property(randomText(dockerfileTokens), (dockerfile) => {
        const files = new Map([[`${projectRoot}/compose.yaml`, 'services:\n  app:\n    build: .\n'], [`${projectRoot}/Dockerfile`, dockerfile]]);
        const findings = lintWithinBound(files);
        if (findings !== undefined) expectValidFindings(files, findings);
      }),
      { seed, numRuns: runs },
    );
  });

  it('fixes of mutated projects keep YAML valid', propertyTimeout, () => {
    fc.assert(
      fc.property(mutatedProject, (files) => {
        const findings = lintWithinBound(files);
        if (findings === undefined) return;

        const chosen = chooseFixes(findings, (file) => files.get(file), (fix) => fix.safety === 'safe');
        for (const [file, text] of chosen.texts) {
          expect(applyEdits(files.get(file)!, chosen.applied.flatMap((fix) => fix.edits).filter((edit) => edit.range.file === file))).toBe(text);
          if (/\.ya?ml$/.test(file) && parsesCleanly(files.get(file)!)) expect(parsesCleanly(text), text).toBe(true);
        }
      }),
      { seed, numRuns: runs },
    );
  });

  it('fix passes of mutated projects settle', propertyTimeout, () => {
    fc.assert(
      fc.property(mutatedProject, (files) => {
        let run: FixRun;
        try {
          run = runFixPasses(files);
        } catch (error) {
          if (error instanceof InputError) return;
          throw error;
        }
        for (const change of run.passes.flatMap((pass) => [...pass.values()])) expectUntouchedLinesKept(change);
        expect(runFixPasses(run.files).passes).toEqual([]);
      }),
      { seed, numRuns: runs },
    );
  });
});

/** Checks that every line no edit touched is still in the text after the edits, in order. */
function expectUntouchedLinesKept(change: FileChange): void {
  const after = change.after.split('\n');
  let index = -1;
  for (const [start, end] of change.untouched) {
    const line = change.before.slice(start, end);
    index = after.indexOf(line, index + 1);
    expect(index, `line ${JSON.stringify(line)} is missing`).toBeGreaterThanOrEqual(0);
  }
}

/** `ruleId file:line:column` of a finding, the key that fixes must not add. */
function describePosition(finding: Finding): string {
  return `${finding.ruleId} ${relative(projectRoot, finding.range.file)}:${finding.range.start.line}:${finding.range.start.column}`;
}

describe.each(projects.map((project) => [project.directory, project] as const))('fixing %s', (_, project) => {
  let run: FixRun;
  beforeAll(() => {
    run = runFixPasses(project.files);
  });

  it('replays the recorded edits', () => {
    for (const change of run.passes.flatMap((pass) => [...pass.values()])) expect(replayChange(change)).toBe(change.after);
  });

  it('keeps untouched lines byte-identical', () => {
    for (const change of run.passes.flatMap((pass) => [...pass.values()])) expectUntouchedLinesKept(change);
  });

  it('adds no finding', () => {
    const before = new Set(run.before.map(describePosition));
    const added: string[] = [];
    for (const finding of run.after) {
      let line: number | undefined = finding.range.start.line;
      for (const pass of [...run.passes].reverse()) {
        const change = pass.get(finding.range.file);
        if (change !== undefined && line !== undefined) line = mapUntouchedLines(change).get(line);
      }
      const position = { ...finding.range.start, line: line ?? -1 };
      const key = describePosition({ ...finding, range: { ...finding.range, start: position } });
      if (line === undefined || !before.has(key)) added.push(`${finding.ruleId} ${finding.message}`);
    }
    expect(added).toEqual([]);
  });

  it('leaves nothing for a second pass', () => {
    const second = runFixPasses(run.files);
    expect(second.passes).toEqual([]);
  });

  it('writes nothing the second time', async () => {
    const root = copyFixture(project.directory);
    const quiet: Io = { stdout: () => {}, stderr: () => {}, cwd: root, env: {}, isTTY: false };
    const first = await main(['lint', '--fix', root], quiet);
    expect(first).not.toBe(2);

    const once = readTree(root);
    const messages: string[] = [];
    const second = await main(['lint', '--fix', root], { ...quiet, stderr: (text) => void messages.push(text) });
    expect(second).toBe(first);
    expect(readTree(root)).toEqual(once);
    expect(messages.join('')).toBe('');
  });
});

/** Reads every file under `root`, by its path relative to `root`. */
function readTree(root: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(root, entry);
    if (statSync(path).isFile()) tree[entry] = readFileSync(path, 'utf8');
  }
  return tree;
}
