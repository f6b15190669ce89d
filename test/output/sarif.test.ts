import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import { rules } from '../../rules/index.js';
import { formatSarif } from '../../src/output/sarif.js';
import { run } from '../support/cli.js';
import { writeProject } from '../support/project.js';
import { dependentProject, reportOf } from '../support/report.js';

const require = createRequire(import.meta.url);

/**
 * The SARIF 2.1.0 schema as @microsoft/jest-sarif ships it (revision rtm.5,
 * the one the OASIS standard was published with), written in JSON Schema
 * draft-04, which ajv reads through ajv-draft-04.
 */
function compileSarifSchema() {
  const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
  // The schema's `language` pattern has an unbalanced `]`, which only a
  // regular expression without the `u` flag accepts.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

const validate = compileSarifSchema();

interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<Record<string, any>> } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: Array<Record<string, any>>;
  }>;
}

function sarifOf(files: Record<string, string>, args: string[] = []) {
  const report = reportOf(files, 'sarif', args);
  return { ...report, log: JSON.parse(report.stdout) as SarifLog };
}

let dependentReport: ReturnType<typeof sarifOf> | undefined;

/** The report of `dependentProject`, run once and copied for each test. */
function dependentSarif(): ReturnType<typeof sarifOf> {
  dependentReport ??= sarifOf(dependentProject);
  return structuredClone(dependentReport);
}

describe('sarif format', () => {
  it('validates against the SARIF 2.1.0 schema', () => {
    const { log } = dependentSarif();
    expect(validate(log), JSON.stringify(validate.errors, null, 2)).toBe(true);
  });

  it('validates without findings', () => {
    const clean = { ...dependentProject, 'b.Dockerfile': 'FROM alpine\n' };
    const { log, status } = sarifOf(clean);
    expect(status).toBe(0);
    expect(log.runs[0]!.results).toEqual([]);
    expect(validate(log)).toBe(true);
  });

  it('schema rejects a broken log', () => {
    const { log } = dependentSarif();
    log.runs[0]!.results[0]!.level = 'fatal';
    expect(validate(log)).toBe(false);
  });

  it('describes the tool', () => {
    const { log } = dependentSarif();
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('compose-lint');
    expect(driver.version).toBe(manifest.version);
    expect(driver.informationUri).toBe('https://github.com/compose-lint/compose-lint');
  });

  it('lists every rule with its docs link', () => {
    const { log } = dependentSarif();
    const descriptors = log.runs[0]!.tool.driver.rules;
    expect(descriptors.map((rule) => rule.id)).toEqual(rules.map((rule) => rule.meta.id));
    expect(descriptors.find((rule) => rule.id === 'build-cycle')).toMatchObject({
      shortDescription: { text: rules.find((rule) => rule.meta.id === 'build-cycle')!.meta.description },
      helpUri: 'https://github.com/compose-lint/compose-lint/blob/main/rules/build-cycle.md',
      defaultConfiguration: { level: 'error', enabled: true },
    });
  });

  it('marks rules that are off by default', () => {
    const { log } = dependentSarif();
    const descriptor = log.runs[0]!.tool.driver.rules.find((rule) => rule.id === 'unused-suppression');
    expect(descriptor?.defaultConfiguration).toEqual({ level: 'warning', enabled: false });
  });

  it('reports the exact region', () => {
    const { log } = dependentSarif();
    const result = log.runs[0]!.results[0]!;
    expect(result.ruleId).toBe('undeclared-build-dependency');
    expect(result.level).toBe('error');
    expect(result.message.text).toContain('Service "b" builds from "service_a"');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'b.Dockerfile', uriBaseId: '%SRCROOT%' },
      region: { startLine: 1, startColumn: 6, endLine: 1, endColumn: 15 },
    });
  });

  it('points ruleIndex at the descriptor', () => {
    const { log } = dependentSarif();
    const result = log.runs[0]!.results[0]!;
    expect(log.runs[0]!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });

  it('sets the source root to the working directory', () => {
    const { log, root } = dependentSarif();
    expect(log.runs[0]!.originalUriBaseIds['%SRCROOT%']).toEqual({ uri: pathToFileURL(`${root}/`).href });
  });

  it('reports related locations', () => {
    const { log } = dependentSarif();
    expect(log.runs[0]!.results[0]!.relatedLocations).toEqual([
      {
        id: 0,
        message: { text: 'Service "a" builds "service_a" here.' },
        physicalLocation: {
          artifactLocation: { uri: 'compose.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 12, endLine: 3, endColumn: 21 },
        },
      },
    ]);
  });

  it('reports fixes as replacements', () => {
    const { log } = dependentSarif();
    const fix = log.runs[0]!.results[0]!.fixes[0];
    expect(fix.description.text).toContain('Add service_a: "service:a"');
    expect(fix.artifactChanges).toEqual([
      {
        artifactLocation: { uri: 'compose.yaml', uriBaseId: '%SRCROOT%' },
        replacements: [
          {
            deletedRegion: { startLine: 10, startColumn: 1, endLine: 10, endColumn: 1 },
            insertedContent: { text: '      additional_contexts:\n        service_a: "service:a"\n' },
          },
        ],
      },
    ]);
  });

  it.each([
    ['warn', 'warning'],
    ['info', 'note'],
  ])('maps severity %s to level %s', (severity, level) => {
    const { log } = sarifOf(dependentProject, ['--rule', `undeclared-build-dependency=${severity}`]);
    expect(log.runs[0]!.results[0]!.level).toBe(level);
  });

  it('uses file URIs outside the working directory', () => {
    const root = writeProject(dependentProject);
    const elsewhere = writeProject({ 'README.md': 'not a project\n' });
    const log = JSON.parse(run(['lint', '--format', 'sarif', root], elsewhere).stdout) as SarifLog;
    const location = log.runs[0]!.results[0]!.locations[0].physicalLocation.artifactLocation;
    expect(location).toEqual({ uri: pathToFileURL(join(root, 'b.Dockerfile')).href });
  });

  it('encodes paths as URI references', () => {
    const files = { ...dependentProject, 'compose.yaml': dependentProject['compose.yaml']!.replace('b.Dockerfile', 'my app/b#1.Dockerfile') };
    delete files['b.Dockerfile'];
    files['my app/b#1.Dockerfile'] = 'FROM service_a\n';
    const { log } = sarifOf(files);
    expect(log.runs[0]!.results[0]!.locations[0].physicalLocation.artifactLocation.uri).toBe('my%20app/b%231.Dockerfile');
    expect(validate(log)).toBe(true);
  });

  it('validates every finding kind', () => {
    const findings = [
      {
        ruleId: 'internal-error',
        severity: 'error' as const,
        message: 'boom',
        range: { file: '/work/x/compose.yaml', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } },
      },
    ];
    const text = formatSarif({ findings, files: [], rules: [], cwd: '/work/x', version: '1.0.0', color: false, readText: () => undefined });
    const log = JSON.parse(text) as SarifLog & { runs: Array<{ invocations: Array<{ executionSuccessful: boolean }> }> };
    expect(validate(log)).toBe(true);
    expect(log.runs[0]!.invocations[0]!.executionSuccessful).toBe(false);
  });
});
