import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'copy-source-missing';

/** Returns the files of a project whose service `app` builds the context `app` with the given Dockerfile. */
function contextFiles(dockerfile: string, extra: Record<string, string> = {}, build = '    build: ./app\n'): Record<string, string> {
  return {
    'compose.yaml': `services:\n  app:\n${build}`,
    'app/Dockerfile': dockerfile,
    'app/main.py': 'print(1)\n',
    'app/requirements.txt': 'flask\n',
    'app/src/one.py': '1\n',
    'app/src/two.py': '2\n',
    'app/src/data/x.json': '{}\n',
    'app/my file.txt': 'spaces\n',
    ...extra,
  };
}

function ofRule(files: Record<string, string>): string[] {
  return lintFiles(files).filter((line) => line.endsWith(` ${rule}`));
}

describe(rule, () => {
  it.each([
    ['FROM python\nCOPY missing.py /app/\n', 'app/Dockerfile:2:6-2:16'],
    ['FROM python\nCOPY main.py missing.txt /app/\n', 'app/Dockerfile:2:14-2:25'],
    ['FROM python\nADD missing.tar.gz /app/\n', 'app/Dockerfile:2:5-2:19'],
    ['FROM python\nCOPY ["missing file.txt", "/app/"]\n', 'app/Dockerfile:2:8-2:24'],
    ['FROM python\nCOPY --chown=1:1 --link nowhere/ /app/\n', 'app/Dockerfile:2:25-2:33'],
    ['FROM python\nCOPY ../lib/main.py /app/\n', 'app/Dockerfile:2:6-2:20'],
    ['FROM python\nCOPY lib/*.py /app/\n', 'app/Dockerfile:2:6-2:14'],
    ['FROM python\nCOPY src/*.go /app/\n', 'app/Dockerfile:2:6-2:14'],
    ['FROM python\nARG FILE=missing.py\nCOPY ${FILE} /app/\n', 'app/Dockerfile:3:6-3:13'],
    ['FROM python\nENV DIR=lib\nCOPY $DIR/one.py /app/\n', 'app/Dockerfile:3:6-3:17'],
    ['FROM python\r\nCOPY missing.py /app/\r\n', 'app/Dockerfile:2:6-2:16'],
    ['FROM python\nCOPY \\\n  main.py \\\n  missing.py \\\n  /app/\n', 'app/Dockerfile:4:3-4:13'],
    ['FROM python\nCOPY Main.py /app/\n', 'app/Dockerfile:2:6-2:13'],
  ])('reports %j', (dockerfile, range) => {
    expect(ofRule(contextFiles(dockerfile))).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['FROM python\nCOPY main.py requirements.txt /app/\n'],
    ['FROM python\nCOPY . /app/\n'],
    ['FROM python\nCOPY ./src/ /app/src/\n'],
    ['FROM python\nCOPY /main.py /app/\n'],
    ['FROM python\nCOPY ../main.py /app/\n'],
    ['FROM python\nCOPY src/*.py /app/\n'],
    ['FROM python\nCOPY src/**.py /app/\n'],
    ['FROM python\nCOPY src/t?o.py /app/\n'],
    ['FROM python\nCOPY src/[ot]*.py /app/\n'],
    ['FROM python\nCOPY src/*/x.json /app/\n'],
    ['FROM python\nCOPY main.py package*.json /app/\n'],
    ['FROM python\nCOPY ["my file.txt", "/app/"]\n'],
    ['FROM python\nCOPY --from=builder /missing /app/\n'],
    ['FROM python\nCOPY --from=0 /missing /app/\n'],
    ['FROM python\nADD https://example.com/missing.tar.gz /app/\n'],
    ['FROM python\nADD git@github.com:moby/buildkit.git /src/\n'],
    ['FROM python\nCOPY <<EOF /app/conf\nmissing\nEOF\n'],
    ['FROM python\nCOPY $UNKNOWN/missing.py /app/\n'],
    ['FROM python\nARG FILE\nCOPY ${FILE} /app/\n'],
    ['FROM python\nARG FILE=main.py\nCOPY ${FILE} /app/\n'],
    ['FROM python\nENV FILE=main.py\nCOPY $FILE /app/\n'],
    ['ARG FILE=main.py\nFROM python\nARG FILE\nCOPY ${FILE} /app/\n'],
    ['FROM python AS base\nENV FILE=main.py\nFROM base\nCOPY $FILE /app/\n'],
    ['FROM python\nONBUILD COPY missing.py /app/\n'],
    ['FROM python\nRUN <<EOF\nCOPY missing.py /app/\nEOF\n'],
    ['FROM python\nCOPY "main.py" /app/\n'],
  ])('stays clean for %j', (dockerfile) => {
    expect(ofRule(contextFiles(dockerfile))).toEqual([]);
  });

  it('expands a build arg', () => {
    const build = '    build:\n      context: ./app\n      args:\n        FILE: missing.py\n';
    const files = contextFiles('FROM python\nARG FILE=main.py\nCOPY ${FILE} /app/\n', {}, build);
    expect(ofRule(files)).toEqual([`app/Dockerfile:3:6-3:13 ${rule}`]);
  });

  it.each([
    ['*.txt\n', 'FROM python\nCOPY requirements.txt /app/\n', ['app/Dockerfile:2:6-2:22']],
    ['src\n', 'FROM python\nCOPY src /app/src\n', ['app/Dockerfile:2:6-2:9']],
    ['src\n', 'FROM python\nCOPY src/*.py /app/\n', ['app/Dockerfile:2:6-2:14']],
    ['src\n!src/one.py\n', 'FROM python\nCOPY src /app/src\n', []],
    ['*\n!main.py\n', 'FROM python\nCOPY main.py /app/\n', []],
    ['*\n!main.py\n', 'FROM python\nCOPY requirements.txt /app/\n', ['app/Dockerfile:2:6-2:22']],
    ['# comment\n\n*.log\n', 'FROM python\nCOPY main.py /app/\n', []],
    ['src/*.py\n', 'FROM python\nCOPY src/*.py /app/\n', ['app/Dockerfile:2:6-2:14']],
  ])('applies .dockerignore %j', (ignore, dockerfile, ranges) => {
    const findings = ofRule(contextFiles(dockerfile, { 'app/.dockerignore': ignore }));
    expect(findings).toEqual(ranges.map((range) => `${range} ${rule}`));
  });

  it('prefers the Dockerfile ignore file', () => {
    const files = contextFiles('FROM python\nCOPY main.py requirements.txt /app/\n', {
      'app/.dockerignore': 'main.py\n',
      'app/Dockerfile.dockerignore': 'requirements.txt\n',
    });
    expect(ofRule(files)).toEqual([`app/Dockerfile:2:14-2:30 ${rule}`]);
  });

  it('finds a named Dockerfile ignore file', () => {
    const build = '    build:\n      context: ./app\n      dockerfile: ../docker/app.Dockerfile\n';
    const files = contextFiles('', { 'docker/app.Dockerfile': 'FROM python\nCOPY main.py /app/\n', 'docker/app.Dockerfile.dockerignore': 'main.py\n' }, build);
    expect(ofRule(files)).toEqual([`docker/app.Dockerfile:2:6-2:13 ${rule}`]);
  });

  it('warns on a lone empty wildcard', () => {
    const root = writeProject(contextFiles('FROM python\nCOPY src/*.go /app/\n'));
    const [finding] = lintDirectory(root).findings.filter((each) => each.ruleId === rule);
    expect(finding?.severity).toBe('warning');
  });

  it('skips a missing context', () => {
    const files = { 'compose.yaml': 'services:\n  app:\n    build:\n      context: ./nowhere\n      dockerfile: ../Dockerfile\n', Dockerfile: 'FROM python\nCOPY missing.py /app/\n' };
    expect(ofRule(files)).toEqual([]);
  });

  it('checks an inline Dockerfile', () => {
    const compose = 'services:\n  app:\n    build:\n      context: ./app\n      dockerfile_inline: |\n        FROM python\n        COPY missing.py /app/\n';
    expect(ofRule(contextFiles('', { 'compose.yaml': compose }))).toEqual([`compose.yaml:7:14-7:24 ${rule}`]);
  });

  it('reports once for shared Dockerfiles', () => {
    const compose = 'services:\n  one:\n    build: ./app\n  two:\n    build: ./app\n';
    expect(ofRule(contextFiles('FROM python\nCOPY missing.py /app/\n', { 'compose.yaml': compose }))).toEqual([
      `app/Dockerfile:2:6-2:16 ${rule}`,
    ]);
  });

  it('names the path and the error', () => {
    const root = writeProject(contextFiles('FROM python\nCOPY missing.py /app/\n'));
    const [finding] = lintDirectory(root).findings.filter((each) => each.ruleId === rule);
    expect(finding?.message).toContain('app/missing.py does not exist');
    expect(finding?.message).toContain('"/missing.py": not found');
  });

  it('names the ignore file', () => {
    const root = writeProject(contextFiles('FROM python\nCOPY main.py /app/\n', { 'app/.dockerignore': 'main.py\n' }));
    const [finding] = lintDirectory(root).findings.filter((each) => each.ruleId === rule);
    expect(finding?.message).toContain('excluded from the build context by app/.dockerignore');
    expect(finding?.message).toContain('`!main.py`');
  });
});
