import { join } from 'node:path';

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/engine/finding.js';
import { formatCheckstyle } from '../../src/output/checkstyle.js';
import { formatJunit } from '../../src/output/junit.js';
import type { Report } from '../../src/output/report.js';
import { dependentProject, reportOf } from '../support/report.js';

type Element = Record<string, any>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Character references such as &#10; are decoded as a conforming XML parser does.
  htmlEntities: true,
  parseAttributeValue: false,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'file', 'error'].includes(name),
});

function parseXml(text: string): Element {
  expect(XMLValidator.validate(text)).toBe(true);
  return parser.parse(text) as Element;
}

/** A message with every character XML treats specially, a line break, a tab and a control character. */
const awkwardMessage = 'a < b && "c" > \'d\'\n\tnext line \u0001 end';

function awkwardReport(): Report {
  const finding: Finding = {
    ruleId: 'build-cycle',
    severity: 'warning',
    message: awkwardMessage,
    range: { file: '/repo/a&b/compose.yaml', start: { line: 2, column: 3, offset: 0 }, end: { line: 2, column: 9, offset: 6 } },
  };
  return { findings: [finding], files: ['/repo/a&b/compose.yaml', '/repo/clean/Dockerfile'], rules: [], cwd: '/repo', version: '1.0.0', color: false, readText: () => undefined };
}

describe('junit format', () => {
  it('is well-formed XML', () => {
    expect(XMLValidator.validate(reportOf(dependentProject, 'junit').stdout)).toBe(true);
  });

  it('has one test suite per file', () => {
    const { stdout } = reportOf(dependentProject, 'junit');
    const suites = parseXml(stdout).testsuites.testsuite as Element[];
    expect(suites.map((suite) => suite.name).sort()).toEqual(['a.Dockerfile', 'b.Dockerfile', 'compose.yaml']);
  });

  it('has one failed test case per finding', () => {
    const { stdout } = reportOf(dependentProject, 'junit');
    const suite = (parseXml(stdout).testsuites.testsuite as Element[]).find((item) => item.name === 'b.Dockerfile')!;
    expect(suite).toMatchObject({ tests: '1', failures: '1', errors: '0' });
    expect(suite.testcase).toHaveLength(1);
    expect(suite.testcase[0].name).toBe('b.Dockerfile:1:6 undeclared-build-dependency');
    expect(suite.testcase[0].classname).toBe('b.Dockerfile');
  });

  it('sets the failure type to the rule id', () => {
    const { stdout } = reportOf(dependentProject, 'junit');
    const suite = (parseXml(stdout).testsuites.testsuite as Element[]).find((item) => item.name === 'b.Dockerfile')!;
    const failure = suite.testcase[0].failure[0];
    expect(failure.type).toBe('undeclared-build-dependency');
    expect(failure.message).toContain('Service "b" builds from "service_a"');
    expect(failure['#text']).toContain('error at b.Dockerfile:1:6-1:15');
  });

  it('passes a file without findings', () => {
    const { stdout } = reportOf(dependentProject, 'junit');
    const suite = (parseXml(stdout).testsuites.testsuite as Element[]).find((item) => item.name === 'a.Dockerfile')!;
    expect(suite).toMatchObject({ tests: '1', failures: '0' });
    expect(suite.testcase[0].failure).toBeUndefined();
  });

  it('totals the tests and failures', () => {
    const { stdout } = reportOf(dependentProject, 'junit');
    expect(parseXml(stdout).testsuites).toMatchObject({ name: 'compose-lint', tests: '3', failures: '1', errors: '0' });
  });

  it('escapes messages and paths', () => {
    const suites = parseXml(formatJunit(awkwardReport())).testsuites.testsuite as Element[];
    expect(suites[0]!.name).toBe('a&b/compose.yaml');
    expect(suites[0]!.testcase[0].failure[0].message).toBe(awkwardMessage.replace('\u0001', '\uFFFD'));
  });
});

describe('checkstyle format', () => {
  it('is well-formed XML', () => {
    expect(XMLValidator.validate(reportOf(dependentProject, 'checkstyle').stdout)).toBe(true);
  });

  it('lists every linted file by absolute path', () => {
    const { stdout, root } = reportOf(dependentProject, 'checkstyle');
    const files = parseXml(stdout).checkstyle.file as Element[];
    expect(files.map((file) => file.name).sort()).toEqual(['a.Dockerfile', 'b.Dockerfile', 'compose.yaml'].map((name) => join(root, name)));
  });

  it('reports each finding as an error element', () => {
    const { stdout, root } = reportOf(dependentProject, 'checkstyle');
    const file = (parseXml(stdout).checkstyle.file as Element[]).find((item) => item.name === join(root, 'b.Dockerfile'))!;
    expect(file.error).toHaveLength(1);
    expect(file.error[0]).toMatchObject({ line: '1', column: '6', severity: 'error', source: 'compose-lint.undeclared-build-dependency' });
    expect(file.error[0].message).toContain('Service "b" builds from "service_a"');
  });

  it('has a version attribute', () => {
    expect(parseXml(reportOf(dependentProject, 'checkstyle').stdout).checkstyle.version).toBe('4.3');
  });

  it('escapes messages and paths', () => {
    const files = parseXml(formatCheckstyle(awkwardReport())).checkstyle.file as Element[];
    expect(files[0]!.name).toBe('/repo/a&b/compose.yaml');
    expect(files[0]!.error[0]).toMatchObject({ severity: 'warning', message: awkwardMessage.replace('\u0001', '\uFFFD') });
  });

  it('keeps files without findings', () => {
    const files = parseXml(formatCheckstyle(awkwardReport())).checkstyle.file as Element[];
    expect(files[1]).toEqual({ name: '/repo/clean/Dockerfile' });
  });
});
