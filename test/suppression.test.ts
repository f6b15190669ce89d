import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseDirective } from '../src/suppression/directive.js';
import { run } from './support/cli.js';
import { describeFinding, lintDirectory, writeProject } from './support/project.js';

const targetRule = 'missing-build-target';
const dependencyRule = 'undeclared-build-dependency';

/** Line 6 of compose.yaml names a missing target; line 1 of b.Dockerfile uses service a's image undeclared. */
const composeLines = [
  'services:',
  '  a:',
  '    image: service_a',
  '    build:',
  '      dockerfile: a.Dockerfile',
  '      target: nope',
  '  b:',
  '    image: service_b',
  '    build:',
  '      dockerfile: b.Dockerfile',
];

const project = {
  'compose.yaml': `${composeLines.join('\n')}\n`,
  'a.Dockerfile': 'FROM alpine AS base\n',
  'b.Dockerfile': 'FROM service_a\n',
};

const both = ['b.Dockerfile:1 undeclared-build-dependency', 'compose.yaml:6 missing-build-target'];
const dockerfileOnly = ['b.Dockerfile:1 undeclared-build-dependency'];
const composeOnly = ['compose.yaml:6 missing-build-target'];
/** Both findings with one line inserted above the compose file's. */
const bothBelowComment = ['b.Dockerfile:1 undeclared-build-dependency', 'compose.yaml:7 missing-build-target'];

/** Returns the compose file with `change.insert` as a new line before the 0-based line `change.at`, or `change.append` added to its end. */
function composeWith(change: { insert?: string; append?: string; at: number }): string {
  const lines = [...composeLines];
  if (change.insert !== undefined) lines.splice(change.at, 0, change.insert);
  if (change.append !== undefined) lines[change.at] += change.append;
  return `${lines.join('\n')}\n`;
}

/** Lints the project with `files` replaced and returns `path:line rule` for each finding. */
function lintWith(files: Record<string, string>): string[] {
  const root = writeProject({ ...project, ...files });
  return lintDirectory(root).findings.map((finding) => `${finding.range.file.slice(root.length + 1)}:${finding.range.start.line} ${finding.ruleId}`);
}

/** Lints with unused-suppression on and returns its findings with ranges and messages. */
function unusedWith(files: Record<string, string>): Array<{ location: string; message: string }> {
  const root = writeProject({ ...project, '.compose-lint.yaml': 'rules:\n  unused-suppression: warn\n', ...files });
  return lintDirectory(root)
    .findings.filter((finding) => finding.ruleId === 'unused-suppression')
    .map((finding) => ({ location: describeFinding(root, finding), message: finding.message }));
}

describe('suppression in compose files', () => {
  it('reports both findings without comments', () => {
    expect(lintWith({})).toEqual(both);
  });

  it.each([
    ['next-line with the rule', { insert: `      # compose-lint-disable-next-line ${targetRule}`, at: 5 }, dockerfileOnly],
    ['next-line with a reason', { insert: `      # compose-lint-disable-next-line ${targetRule} -- stage comes later`, at: 5 }, dockerfileOnly],
    ['next-line without rules', { insert: '      # compose-lint-disable-next-line', at: 5 }, dockerfileOnly],
    ['next-line in a list', { insert: `      # compose-lint-disable-next-line build-cycle, ${targetRule}`, at: 5 }, dockerfileOnly],
    ['next-line with another rule', { insert: '      # compose-lint-disable-next-line build-cycle', at: 5 }, bothBelowComment],
    ['next-line two lines above', { insert: `    # compose-lint-disable-next-line ${targetRule}`, at: 4 }, bothBelowComment],
    ['line at the end of the line', { append: `  # compose-lint-disable-line ${targetRule} -- planned`, at: 5 }, dockerfileOnly],
    ['line on the line above', { insert: `      # compose-lint-disable-line ${targetRule}`, at: 5 }, bothBelowComment],
    ['file at the end', { insert: `# compose-lint-disable-file ${targetRule}`, at: composeLines.length }, dockerfileOnly],
    ['file without rules', { insert: '# compose-lint-disable-file', at: 0 }, dockerfileOnly],
    ['file with another rule', { insert: '# compose-lint-disable-file build-cycle', at: 0 }, bothBelowComment],
  ])('%s', (_case, change, expected) => {
    expect(lintWith({ 'compose.yaml': composeWith(change) })).toEqual(expected);
  });

  it('applies stacked next-line comments', () => {
    const lines = [...composeLines];
    lines.splice(5, 0, '      # compose-lint-disable-next-line build-cycle', `      # compose-lint-disable-next-line ${targetRule}`);
    expect(lintWith({ 'compose.yaml': `${lines.join('\n')}\n` })).toEqual(dockerfileOnly);
  });

  it('ignores a comment marker in a quoted string', () => {
    const compose = composeWith({ append: '', at: 5 }).replace('target: nope', `target: "nope # compose-lint-disable-line ${targetRule}"`);
    expect(lintWith({ 'compose.yaml': compose })).toEqual(both);
  });

  it('ignores a comment marker in a block scalar', () => {
    expect(lintWith({ 'compose.yaml': `${composeLines.join('\n')}\nx-notes: |\n  # compose-lint-disable-file\n` })).toEqual(both);
  });

  it('ignores a marker that is not at the comment start', () => {
    expect(lintWith({ 'compose.yaml': composeWith({ append: `  # see compose-lint-disable-line ${targetRule}`, at: 5 }) })).toEqual(both);
  });

  it('reads CRLF line endings', () => {
    const compose = composeWith({ append: `  # compose-lint-disable-line ${targetRule}`, at: 5 }).replace(/\n/g, '\r\n');
    expect(lintWith({ 'compose.yaml': compose })).toEqual(dockerfileOnly);
  });
});

describe('suppression in Dockerfiles', () => {
  it.each([
    ['next-line with the rule', `# compose-lint-disable-next-line ${dependencyRule}\nFROM service_a\n`, composeOnly],
    ['next-line indented', `   # compose-lint-disable-next-line ${dependencyRule} -- built first in CI\nFROM service_a\n`, composeOnly],
    ['next-line with another rule', '# compose-lint-disable-next-line build-cycle\nFROM service_a\n', ['b.Dockerfile:2 undeclared-build-dependency', ...composeOnly]],
    ['file at the end', `FROM service_a\nRUN echo hi\n# compose-lint-disable-file ${dependencyRule}\n`, composeOnly],
    ['file without rules', 'FROM service_a\n# compose-lint-disable-file\n', composeOnly],
    ['file in continuation lines', `FROM service_a\nRUN echo a \\\n# compose-lint-disable-file ${dependencyRule}\n  && echo b\n`, composeOnly],
    ['file after a parser directive', `# syntax=docker/dockerfile:1\n# compose-lint-disable-file ${dependencyRule}\nFROM service_a\n`, composeOnly],
  ])('%s', (_case, dockerfile, expected) => {
    expect(lintWith({ 'b.Dockerfile': dockerfile }).filter((line) => !line.includes('dockerfile-'))).toEqual(expected);
  });

  it('ignores a marker in a RUN command', () => {
    expect(lintWith({ 'b.Dockerfile': `FROM service_a\nRUN echo hi # compose-lint-disable-file ${dependencyRule}\n` })).toEqual(both);
  });

  it('ignores a marker in a heredoc body', () => {
    const dockerfile = `FROM service_a\nRUN <<EOF\n# compose-lint-disable-file ${dependencyRule}\necho hi\nEOF\n`;
    expect(lintWith({ 'b.Dockerfile': dockerfile })).toEqual(both);
  });

  it('suppresses in an inline Dockerfile', () => {
    const compose = [
      ...composeLines.slice(0, 9),
      '      dockerfile_inline: |',
      `        # compose-lint-disable-next-line ${dependencyRule}`,
      '        FROM service_a',
      '',
    ].join('\n');
    expect(lintWith({ 'compose.yaml': compose })).toEqual(composeOnly);
  });

  it('scopes an inline suppression to its line', () => {
    const compose = [
      ...composeLines.slice(0, 9),
      '      dockerfile_inline: |',
      `        # compose-lint-disable-next-line ${dependencyRule}`,
      '        RUN echo first',
      '        FROM service_a',
      '',
    ].join('\n');
    expect(lintWith({ 'compose.yaml': compose }).filter((line) => line.endsWith(dependencyRule))).toEqual([`compose.yaml:13 ${dependencyRule}`]);
  });
});

describe('unused suppressions', () => {
  const unusedComment = { 'b.Dockerfile': '# compose-lint-disable-next-line build-cycle\nFROM service_a\n' };

  it('are silent by default', () => {
    const root = writeProject({ ...project, ...unusedComment });
    expect(lintDirectory(root).findings.map((finding) => finding.ruleId)).not.toContain('unused-suppression');
  });

  it('are reported when enabled', () => {
    expect(unusedWith(unusedComment)).toEqual([
      {
        location: 'b.Dockerfile:1:1-1:45 unused-suppression',
        message: 'The suppression of "build-cycle" matches no finding on line 2, so it has no effect. Remove the comment.',
      },
    ]);
  });

  it('are enabled by --rule', () => {
    const root = writeProject({ ...project, ...unusedComment });
    expect(run(['lint', '--rule', 'unused-suppression=warn', '--format', 'compact'], root).stdout).toContain('[unused-suppression]');
  });

  it('skip used suppressions', () => {
    expect(unusedWith({ 'b.Dockerfile': `# compose-lint-disable-next-line ${dependencyRule}\nFROM service_a\n` })).toEqual([]);
  });

  it('report the unused rule of a list', () => {
    const dockerfile = `# compose-lint-disable-next-line build-cycle, ${dependencyRule}\nFROM service_a\n`;
    expect(unusedWith({ 'b.Dockerfile': dockerfile }).map((finding) => finding.location)).toEqual(['b.Dockerfile:1:34-1:45 unused-suppression']);
  });

  it('name a misspelled rule', () => {
    const dockerfile = `# compose-lint-disable-next-line ${dependencyRule}, missing-build-targt\nFROM service_a\n`;
    expect(unusedWith({ 'b.Dockerfile': dockerfile }).map((finding) => finding.message)).toEqual([
      `"missing-build-targt" is not a rule (did you mean "${targetRule}"?), so its suppression matches nothing. Remove "missing-build-targt" from the comment.`,
    ]);
  });

  it('report a file form without rules', () => {
    const compose = composeWith({ insert: '# compose-lint-disable-file', at: 0 }).replace('target: nope', 'target: base');
    expect(unusedWith({ 'compose.yaml': compose })).toEqual([
      { location: 'compose.yaml:1:1-1:28 unused-suppression', message: 'This suppression comment matches no finding in this file, so it has no effect. Remove the comment.' },
    ]);
  });

  it('report a comment on the last line', () => {
    const findings = unusedWith({ 'a.Dockerfile': 'FROM alpine AS base\n# compose-lint-disable-next-line build-cycle' });
    expect(findings.map((finding) => finding.message)).toEqual([
      'The suppression of "build-cycle" matches no finding because no line follows it, so it has no effect. Remove the comment.',
    ]);
  });

  it('report disable-line in a Dockerfile', () => {
    const dockerfile = `FROM service_a\n# compose-lint-disable-line ${dependencyRule}\n`;
    expect(unusedWith({ 'b.Dockerfile': dockerfile })).toEqual([
      {
        location: 'b.Dockerfile:2:1-2:56 unused-suppression',
        message: expect.stringContaining('"compose-lint-disable-line" has no effect in a Dockerfile, because BuildKit has no end-of-line comments'),
      },
    ]);
  });

  it('are not reported in ignored files', () => {
    expect(unusedWith({ ...unusedComment, '.compose-lint.yaml': 'rules:\n  unused-suppression: warn\nignore: [b.Dockerfile]\n' })).toEqual([]);
  });

  it('are removed by --fix', () => {
    const root = writeProject({
      ...project,
      'compose.yaml': composeWith({ append: '  # compose-lint-disable-line build-cycle', at: 2 }),
      'b.Dockerfile': `# compose-lint-disable-next-line build-cycle\n# compose-lint-disable-next-line ${dependencyRule}, stage-name-case\nFROM service_a\n`,
    });
    run(['lint', '--fix', '--rule', 'unused-suppression=warn'], root);
    expect(readFileSync(join(root, 'compose.yaml'), 'utf8').split('\n')[2]).toBe('    image: service_a');
    expect(readFileSync(join(root, 'b.Dockerfile'), 'utf8')).toBe(`# compose-lint-disable-next-line ${dependencyRule}\nFROM service_a\n`);
  });
});

describe('suppression comment syntax', () => {
  it.each([
    ['# compose-lint-disable-next-line a', { kind: 'next-line', rules: ['a'], reason: undefined }],
    ['#compose-lint-disable-line a,b', { kind: 'line', rules: ['a', 'b'], reason: undefined }],
    ['# compose-lint-disable-file a, b c -- legacy file', { kind: 'file', rules: ['a', 'b', 'c'], reason: 'legacy file' }],
    ['# compose-lint-disable-file -- generated', { kind: 'file', rules: [], reason: 'generated' }],
    ['# compose-lint-disable-next-line a -- uses -- twice', { kind: 'next-line', rules: ['a'], reason: 'uses -- twice' }],
    ['# compose-lint-disable-next-line a --', { kind: 'next-line', rules: ['a'], reason: undefined }],
  ])('reads %j', (comment, expected) => {
    const directive = parseDirective(comment);
    expect({ kind: directive?.kind, rules: directive?.rules.map((rule) => rule.id), reason: directive?.reason }).toEqual(expected);
  });

  it.each([['# compose-lint-disable a'], ['# compose-lint-disable-next-lines a'], ['# note: compose-lint-disable-file'], ['compose-lint-disable-file']])(
    'ignores %j',
    (comment) => {
      expect(parseDirective(comment)).toBeUndefined();
    },
  );

  it('locates rule ids in the comment', () => {
    const comment = '# compose-lint-disable-line a, bc';
    expect(parseDirective(comment)?.rules.map((rule) => comment.slice(rule.start, rule.end))).toEqual(['a', 'bc']);
  });
});
