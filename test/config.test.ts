import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { rules as allRules } from '../rules/index.js';
import type { Rule } from '../src/engine/rule.js';
import type { LintOptions } from '../src/lint.js';
import { run } from './support/cli.js';
import { describeFinding, lintDirectory, writeProject } from './support/project.js';
import { dependentProject } from './support/report.js';

const dependencyRule = 'undeclared-build-dependency';

/** Writes `files` under a new directory, with the project in its `example` subdirectory. */
function writeTree(files: Record<string, string>): { top: string; project: string } {
  const project = writeProject({});
  const top = dirname(project);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(top, path)), { recursive: true });
    writeFileSync(join(top, path), text);
  }
  return { top, project };
}

/** Lints `example/` of a tree with the dependent project and `files`, and returns `path:range rule severity` lines. */
function lintTree(files: Record<string, string>, options: LintOptions = {}): string[] {
  const projectFiles = Object.fromEntries(Object.entries(dependentProject).map(([path, text]) => [`example/${path}`, text]));
  const { top, project } = writeTree({ ...projectFiles, ...files });
  return lintDirectory(project, options).findings.map((finding) => `${describeFinding(top, finding)} ${finding.severity}`);
}

function dependencyFindings(lines: string[]): string[] {
  return lines.filter((line) => line.includes(` ${dependencyRule} `));
}

const reported = [`example/b.Dockerfile:1:6-1:15 ${dependencyRule} error`];

/** A rule with options, to test option validation: reports the services past `max`. */
const maxServices: Rule = {
  meta: {
    id: 'max-services',
    severity: 'warning',
    description: 'A project has more services than allowed.',
    fixable: false,
    optionsSchema: {
      type: 'object',
      properties: { max: { type: 'integer', minimum: 0, default: 1 }, label: { type: 'string' } },
      additionalProperties: false,
    },
  },
  *check(analysis, { options }) {
    const max = options.max as number;
    for (const service of analysis.project.services.slice(max)) {
      yield { message: `${String(options.label ?? 'service')} ${service.name} is past ${max}`, range: service.nameRange };
    }
  },
};

function lintWithOptionRule(config: string, extension = 'yaml'): { findings: string[]; messages: string[] } {
  const root = writeProject({ ...dependentProject, [`.compose-lint.${extension}`]: config });
  const { findings } = lintDirectory(root, { rules: [...allRules, maxServices] });
  return {
    findings: findings.filter((finding) => finding.ruleId !== dependencyRule).map((finding) => describeFinding(root, finding)),
    messages: findings.filter((finding) => finding.ruleId !== dependencyRule).map((finding) => finding.message),
  };
}

describe('config discovery', () => {
  it.each([
    ['.compose-lint.yaml', `rules:\n  ${dependencyRule}: off\n`],
    ['.compose-lint.yml', `rules:\n  ${dependencyRule}: off\n`],
    ['.compose-lint.json', `{ "rules": { "${dependencyRule}": "off" } }\n`],
    ['package.json', `{ "name": "app", "compose-lint": { "rules": { "${dependencyRule}": "off" } } }\n`],
  ])('reads %s', (name, text) => {
    expect(dependencyFindings(lintTree({ [`example/${name}`]: text }))).toEqual([]);
  });

  it('lints with defaults without a file', () => {
    expect(dependencyFindings(lintTree({}))).toEqual(reported);
  });

  it('searches parent directories', () => {
    expect(dependencyFindings(lintTree({ '.compose-lint.yaml': `rules:\n  ${dependencyRule}: off\n` }))).toEqual([]);
  });

  it('prefers the nearest file', () => {
    const files = {
      '.compose-lint.yaml': `rules:\n  ${dependencyRule}: off\n`,
      'example/.compose-lint.yaml': `rules:\n  ${dependencyRule}: warn\n`,
    };
    expect(dependencyFindings(lintTree(files))).toEqual([`example/b.Dockerfile:1:6-1:15 ${dependencyRule} warning`]);
  });

  it('prefers YAML over JSON in one directory', () => {
    const files = {
      'example/.compose-lint.json': `{ "rules": { "${dependencyRule}": "off" } }`,
      'example/.compose-lint.yaml': `rules:\n  ${dependencyRule}: info\n`,
    };
    expect(dependencyFindings(lintTree(files))).toEqual([`example/b.Dockerfile:1:6-1:15 ${dependencyRule} info`]);
  });

  it('passes over package.json without the key', () => {
    const files = { 'example/package.json': '{ "name": "app" }\n', '.compose-lint.yaml': `rules:\n  ${dependencyRule}: off\n` };
    expect(dependencyFindings(lintTree(files))).toEqual([]);
  });

  it('passes over invalid package.json', () => {
    const files = { 'example/package.json': '{ "name": ', '.compose-lint.yaml': `rules:\n  ${dependencyRule}: off\n` };
    expect(dependencyFindings(lintTree(files))).toEqual([]);
  });

  it('records the file read', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yml': 'rules: {}\n' });
    expect(lintDirectory(root).config.file).toBe(join(root, '.compose-lint.yml'));
  });

  it('reads a named file instead', () => {
    const files = { 'example/.compose-lint.yaml': `rules:\n  ${dependencyRule}: off\n`, 'ci/strict.yaml': `rules:\n  ${dependencyRule}: warn\n` };
    expect(dependencyFindings(lintTree(files, { config: { file: '../ci/strict.yaml' } }))).toEqual([
      `example/b.Dockerfile:1:6-1:15 ${dependencyRule} warning`,
    ]);
  });

  it('reads no file when disabled', () => {
    expect(dependencyFindings(lintTree({ 'example/.compose-lint.yaml': `rules:\n  ${dependencyRule}: off\n` }, { config: { file: false } }))).toEqual(
      reported,
    );
  });
});

describe('config command line', () => {
  function writeConfigured(config: string): string {
    return writeProject({ ...dependentProject, '.compose-lint.yaml': config, 'other.yaml': `rules:\n  ${dependencyRule}: warn\n` });
  }

  it('--config reads the named file', () => {
    const root = writeConfigured(`rules:\n  ${dependencyRule}: off\n`);
    const { stdout, status } = run(['lint', '--config', 'other.yaml', '--format', 'compact'], root);
    expect(status).toBe(0);
    expect(stdout).toContain(`warning Service "b"`);
  });

  it('--config exits 2 for a missing file', () => {
    const root = writeConfigured('rules: {}\n');
    const { status, stderr } = run(['lint', '-c', 'missing.yaml'], root);
    expect(status).toBe(2);
    expect(stderr).toContain(`configuration file not found: ${join(root, 'missing.yaml')}`);
  });

  it('--no-config ignores the file', () => {
    const root = writeConfigured(`rules:\n  ${dependencyRule}: off\n`);
    expect(run(['lint', '--no-config'], root).status).toBe(1);
  });

  it('--config and --no-config conflict', () => {
    expect(run(['lint', '--config', 'a.yaml', '--no-config']).status).toBe(2);
  });

  it('--rule wins over the file', () => {
    const root = writeConfigured(`rules:\n  ${dependencyRule}: off\n`);
    const { stdout, status } = run(['lint', '--rule', `${dependencyRule}=error`, '--format', 'compact'], root);
    expect(status).toBe(1);
    expect(stdout).toContain(`[${dependencyRule}]`);
  });

  it('--rule turns a rule off', () => {
    const root = writeConfigured('rules: {}\n');
    expect(run(['lint', '--rule', `${dependencyRule}=off`], root).stdout).toBe('');
  });

  it('--rule takes the last entry', () => {
    const root = writeConfigured('rules: {}\n');
    expect(run(['lint', '--rule', `${dependencyRule}=off`, '--rule', `${dependencyRule}=warn`], root).status).toBe(0);
  });

  it.each([
    [[`--rule`, 'no-such-rule=warn'], 'unknown rule "no-such-rule"'],
    [[`--rule`, `${dependencyRule}=fatal`], 'invalid severity "fatal"'],
    [[`--rule`, dependencyRule], '--rule expects ID=SEVERITY'],
  ])('%j exits 2', (args, message) => {
    const root = writeConfigured('rules: {}\n');
    const { status, stderr } = run(['lint', ...args], root);
    expect(status).toBe(2);
    expect(stderr).toContain(message);
  });

  it('reports config findings with exit 1', () => {
    const root = writeConfigured('rules:\n  no-such-rule: warn\n');
    const { status, stdout } = run(['lint', '--rule', `${dependencyRule}=off`, '--format', 'compact'], root);
    expect(status).toBe(1);
    expect(stdout).toBe('.compose-lint.yaml:2:3: error unknown rule "no-such-rule"; run "compose-lint rules" to list the rules [config]\n');
  });
});

describe('config severities', () => {
  it.each([
    ['warn', 'warning'],
    ['warning', 'warning'],
    ['info', 'info'],
    ['error', 'error'],
  ])('%s sets severity %s', (name, severity) => {
    const lines = lintTree({ 'example/.compose-lint.yaml': `rules:\n  ${dependencyRule}: ${name}\n` });
    expect(dependencyFindings(lines)).toEqual([`example/b.Dockerfile:1:6-1:15 ${dependencyRule} ${severity}`]);
  });

  it('accepts the array form', () => {
    const lines = lintTree({ 'example/.compose-lint.yaml': `rules:\n  ${dependencyRule}: [warn]\n` });
    expect(dependencyFindings(lines)).toEqual([`example/b.Dockerfile:1:6-1:15 ${dependencyRule} warning`]);
  });

  it('replaces a report severity', () => {
    const compose = 'services:\n  web:\n    image: "nginx:${TAG}"\n';
    const unset = writeProject({ 'compose.yaml': compose });
    const byDefault = lintDirectory(unset).findings.filter((finding) => finding.ruleId === 'compose-interpolation');
    const configured = writeProject({ 'compose.yaml': compose, '.compose-lint.yaml': 'rules:\n  compose-interpolation: error\n' });
    const raised = lintDirectory(configured).findings.filter((finding) => finding.ruleId === 'compose-interpolation');
    expect(byDefault.map((finding) => finding.severity)).toEqual(['warning']);
    expect(raised.map((finding) => finding.severity)).toEqual(['error']);
  });

  it('applies library overrides over the file', () => {
    const lines = lintTree({ 'example/.compose-lint.yaml': `rules:\n  ${dependencyRule}: off\n` }, { config: { rules: { [dependencyRule]: 'info' } } });
    expect(dependencyFindings(lines)).toEqual([`example/b.Dockerfile:1:6-1:15 ${dependencyRule} info`]);
  });

  it('rejects an unknown library rule', () => {
    expect(() => lintTree({}, { config: { rules: { 'no-such-rule': 'warn' } } })).toThrow('unknown rule "no-such-rule"');
  });
});

describe('config rule options', () => {
  const twoServices = 'rules:\n  max-services: warn\n';

  it('fills in schema defaults', () => {
    expect(lintWithOptionRule(twoServices).messages).toEqual(['service b is past 1']);
  });

  it('passes the options to the rule', () => {
    expect(lintWithOptionRule('rules:\n  max-services: [warn, { max: 0, label: svc }]\n').messages).toEqual(['svc a is past 0', 'svc b is past 0']);
  });

  it('keeps options when --rule sets the severity', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': 'rules:\n  max-services: [warn, { max: 0 }]\n' });
    const { findings } = lintDirectory(root, { rules: [...allRules, maxServices], config: { rules: { 'max-services': 'error' } } });
    expect(findings.filter((finding) => finding.ruleId === 'max-services').map((finding) => finding.severity)).toEqual(['error', 'error']);
  });

  it('rejects library options the schema rejects', () => {
    const root = writeProject(dependentProject);
    const options = { rules: [...allRules, maxServices], config: { rules: { 'max-services': ['warn', { max: 'two' }] as ['warn', Record<string, unknown>] } } };
    expect(() => lintDirectory(root, options)).toThrow('invalid options for rule "max-services": /max must be integer');
  });

  it.each([
    ['a wrong type', 'rules:\n  max-services: [warn, { max: two }]\n', '.compose-lint.yaml:2:31-2:34 config', 'rule "max-services" option "max" must be integer'],
    ['a value out of range', 'rules:\n  max-services: [warn, { max: -1 }]\n', '.compose-lint.yaml:2:31-2:33 config', 'rule "max-services" option "max" must be >= 0'],
    ['an unknown option', 'rules:\n  max-services: [warn, { maximum: 2 }]\n', '.compose-lint.yaml:2:26-2:33 config', 'rule "max-services" has an unknown option "maximum"'],
    ['options that are no mapping', 'rules:\n  max-services: [warn, 3]\n', '.compose-lint.yaml:2:24-2:25 config', 'the options of rule "max-services" must be a mapping'],
    ['options for a rule without any', `rules:\n  ${dependencyRule}: [warn, { max: 1 }]\n`, '.compose-lint.yaml:2:39-2:49 config', `rule "${dependencyRule}" takes no options; write only its severity`],
    ['too many entries', 'rules:\n  max-services: [warn, {}, {}]\n', '.compose-lint.yaml:2:28-2:30 config', 'rule "max-services" has 3 entries'],
  ])('reports %s at its position', (_case, config, location, message) => {
    const { findings, messages } = lintWithOptionRule(config);
    expect(findings[0]).toBe(location);
    expect(messages[0]).toContain(message);
  });

  it('reports JSON option errors at their position', () => {
    const { findings } = lintWithOptionRule('{\n  "rules": {\n    "max-services": ["warn", { "max": true }]\n  }\n}\n', 'json');
    expect(findings[0]).toBe('.compose-lint.json:3:39-3:43 config');
  });
});

describe('config validation', () => {
  it.each([
    ['an unknown rule', 'rules:\n  undeclared-build-dependancy: warn\n', '.compose-lint.yaml:2:3-2:30', `unknown rule "undeclared-build-dependancy" (did you mean "${dependencyRule}"?)`],
    ['an invalid severity', 'rules:\n  build-cycle: eror\n', '.compose-lint.yaml:2:16-2:20', 'invalid severity "eror" for rule "build-cycle" (did you mean "error"?)'],
    ['a numeric severity', 'rules:\n  build-cycle: 2\n', '.compose-lint.yaml:2:16-2:17', 'invalid severity 2 for rule "build-cycle" (did you mean "error"?)'],
    ['a missing severity', 'rules:\n  build-cycle:\n', '.compose-lint.yaml:2:3-2:14', 'rule "build-cycle" has no severity'],
    ['an unknown key', 'rule:\n  build-cycle: off\n', '.compose-lint.yaml:1:1-1:5', 'unknown configuration key "rule" (did you mean "rules"?)'],
    ['rules that are no mapping', 'rules: [build-cycle]\n', '.compose-lint.yaml:1:8-1:21', '"rules" must be a mapping from rule ids to severities'],
    ['ignore that is no list', 'ignore: "*.yaml"\n', '.compose-lint.yaml:1:9-1:17', '"ignore" must be a list of glob patterns'],
    ['an empty ignore entry', 'ignore: ["", b]\n', '.compose-lint.yaml:1:10-1:12', 'an "ignore" entry must be a non-empty glob pattern string'],
    ['a configuration that is no mapping', '- rules\n', '.compose-lint.yaml:1:1-2:1', 'the configuration must be a mapping'],
    ['invalid YAML', 'rules:\n  build-cycle: [off\n', '.compose-lint.yaml:3:1-3:1', 'invalid YAML'],
    ['a duplicate key', 'rules:\n  build-cycle: off\n  build-cycle: warn\n', '.compose-lint.yaml:3:3-3:14', 'invalid YAML: duplicate key "build-cycle"'],
  ])('reports %s at its position', (_case, config, location, message) => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': config });
    const findings = lintDirectory(root).findings.filter((finding) => finding.ruleId === 'config');
    expect(findings.map((finding) => describeFinding(root, finding))).toEqual([`${location} config`]);
    expect(findings[0]!.message).toContain(message);
  });

  it('reports invalid JSON at its position', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.json': '{\n  "rules": {,}\n}\n' });
    const findings = lintDirectory(root).findings.filter((finding) => finding.ruleId === 'config');
    expect(findings.map((finding) => describeFinding(root, finding))).toEqual(['.compose-lint.json:2:13-2:13 config']);
  });

  it('reports a named package.json without the key', () => {
    const root = writeProject({ ...dependentProject, 'package.json': '{ "name": "app" }\n' });
    const findings = lintDirectory(root, { config: { file: 'package.json' } }).findings.filter((finding) => finding.ruleId === 'config');
    expect(findings.map((finding) => finding.message)).toEqual(['package.json has no "compose-lint" key']);
  });

  it('reports package.json entries at their position', () => {
    const root = writeProject({ ...dependentProject, 'package.json': '{\n  "name": "app",\n  "compose-lint": { "rules": { "nope": "off" } }\n}\n' });
    const findings = lintDirectory(root).findings.filter((finding) => finding.ruleId === 'config');
    expect(findings.map((finding) => describeFinding(root, finding))).toEqual(['package.json:3:32-3:38 config']);
  });

  it('applies the valid entries', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': `rules:\n  nope: off\n  ${dependencyRule}: warn\n` });
    const severities = lintDirectory(root).findings.map((finding) => `${finding.ruleId} ${finding.severity}`);
    expect(severities).toEqual(['config error', `${dependencyRule} warning`]);
  });

  it('accepts an empty file', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': '# nothing configured yet\n' });
    expect(lintDirectory(root).findings.map((finding) => finding.ruleId)).toEqual([dependencyRule]);
  });

  it('can turn the config rule off', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': 'rules:\n  nope: off\n  config: off\n' });
    expect(lintDirectory(root).findings.map((finding) => finding.ruleId)).toEqual([dependencyRule]);
  });
});

describe('config ignore', () => {
  it.each([
    ['b.Dockerfile'],
    ['*.Dockerfile'],
    ['**/b.*'],
    ['./b.Dockerfile'],
  ])('%s drops the finding', (pattern) => {
    expect(dependencyFindings(lintTree({ 'example/.compose-lint.yaml': `ignore: ["${pattern}"]\n` }))).toEqual([]);
  });

  it.each([['a.Dockerfile'], ['*.yaml'], ['sub/**']])('%s keeps the finding', (pattern) => {
    expect(dependencyFindings(lintTree({ 'example/.compose-lint.yaml': `ignore: ["${pattern}"]\n` }))).toEqual(reported);
  });

  it('resolves patterns against the config file', () => {
    expect(dependencyFindings(lintTree({ '.compose-lint.yaml': 'ignore: ["example/b.Dockerfile"]\n' }))).toEqual([]);
  });

  it('matches a directory with a trailing slash', () => {
    const project = {
      ...dependentProject,
      'compose.yaml': dependentProject['compose.yaml']!.replace('b.Dockerfile', 'legacy/b.Dockerfile'),
      'legacy/b.Dockerfile': 'FROM service_a\n',
      '.compose-lint.yaml': 'ignore:\n  - legacy/\n',
    };
    const root = writeProject(project);
    expect(lintDirectory(root).findings).toEqual([]);
  });

  it('keeps configuration problems', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': 'rules:\n  nope: off\nignore: ["*.yaml"]\n' });
    expect(lintDirectory(root).findings.map((finding) => finding.ruleId)).toContain('config');
  });

  it('takes library patterns relative to the working directory', () => {
    expect(dependencyFindings(lintTree({}, { config: { ignore: ['b.Dockerfile'] } }))).toEqual([]);
  });
});

describe('lint --print-config', () => {
  it('prints the effective configuration', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': `rules:\n  ${dependencyRule}: warn\nignore: [a.Dockerfile]\n` });
    const { stdout, status } = run(['lint', '--print-config', 'b.Dockerfile', '--rule', 'build-cycle=off'], root);
    const config = JSON.parse(stdout) as { file: string; configFile: string; ignored: boolean; rules: Record<string, unknown>; ignore: unknown[] };
    expect(status).toBe(0);
    expect(config.file).toBe(join(root, 'b.Dockerfile'));
    expect(config.configFile).toBe(join(root, '.compose-lint.yaml'));
    expect(config.ignored).toBe(false);
    expect(config.rules[dependencyRule]).toBe('warn');
    expect(config.rules['build-cycle']).toBe('off');
    expect(config.rules['unused-suppression']).toBe('off');
    expect(config.rules['yaml-syntax']).toBe('error');
    expect(config.ignore).toEqual([{ pattern: 'a.Dockerfile', base: root }]);
  });

  it('lists every rule', () => {
    const root = writeProject(dependentProject);
    const config = JSON.parse(run(['lint', '--print-config', 'compose.yaml'], root).stdout) as { rules: Record<string, unknown> };
    expect(Object.keys(config.rules)).toEqual(allRules.map((rule) => rule.meta.id).sort());
  });

  it('tells an ignored file', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': 'ignore: ["*.Dockerfile"]\n' });
    expect(JSON.parse(run(['lint', '--print-config', 'b.Dockerfile'], root).stdout)).toMatchObject({ ignored: true });
  });

  it('prints null without a config file', () => {
    const root = writeProject(dependentProject);
    expect(JSON.parse(run(['lint', '--print-config', '.'], root).stdout)).toMatchObject({ configFile: null });
  });

  it('exits 2 for an invalid configuration', () => {
    const root = writeProject({ ...dependentProject, '.compose-lint.yaml': 'rules:\n  nope: off\n' });
    const { status, stdout, stderr } = run(['lint', '--print-config', 'compose.yaml'], root);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('.compose-lint.yaml:2:3: unknown rule "nope"; run "compose-lint rules" to list the rules\n');
  });
});
