import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'image-name-collision';

const dockerfile = 'FROM alpine AS api\nRUN echo api\nFROM alpine AS worker\nRUN echo worker\n';

/** Returns the files of two services `api` and `worker` built from the same context, each with the given lines under its name. */
function twoServices(api: string, worker: string, extra = ''): Record<string, string> {
  return { 'compose.yaml': `services:\n  api:\n${api}  worker:\n${worker}${extra}`, Dockerfile: dockerfile };
}

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

function findingsOf(files: Record<string, string>) {
  const root = writeProject(files);
  return lintDirectory(root).findings.filter((finding) => finding.ruleId === rule);
}

describe(rule, () => {
  it.each([
    [
      'different targets',
      twoServices(
        '    image: acme/app\n    build:\n      context: .\n      target: api\n',
        '    image: acme/app\n    build:\n      context: .\n      target: worker\n',
      ),
      ['compose.yaml:3:12-3:20', 'compose.yaml:8:12-8:20'],
    ],
    [
      'an image and a tag',
      twoServices('    image: acme/app\n    build: .\n', '    build:\n      context: .\n      tags: ["docker.io/acme/app:latest"]\n'),
      ['compose.yaml:3:12-3:20', 'compose.yaml:8:14-8:41'],
    ],
    [
      'a default name',
      twoServices('    build: .\n', '    image: example-api\n    build: .\n'),
      ['compose.yaml:2:3-2:6', 'compose.yaml:5:12-5:23'],
    ],
    [
      'normalized names',
      twoServices('    image: app\n    build: .\n', '    image: docker.io/library/app:latest\n    build: .\n'),
      ['compose.yaml:3:12-3:15', 'compose.yaml:6:12-6:40'],
    ],
  ])('reports %s', (_case, files, ranges) => {
    expect(ofRule(lintFiles(files))).toEqual(ranges.map((range) => `${range} ${rule}`));
  });

  it.each([
    ['an image-only service', twoServices('    image: acme/app\n    build: .\n', '    image: acme/app\n')],
    ['different tags', twoServices('    image: acme/app:1\n    build: .\n', '    image: acme/app:2\n    build: .\n')],
    ['one service with a tag', twoServices('    image: acme/app\n    build:\n      context: .\n      tags: ["acme/app:latest"]\n', '    build: .\n')],
  ])('stays clean for %s', (_case, files) => {
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it('warns for identical builds', () => {
    const findings = findingsOf(twoServices('    image: acme/app\n    build: .\n', '    image: acme/app\n    build:\n      context: .\n'));
    expect(findings.map((finding) => finding.severity)).toEqual(['warning', 'warning']);
    expect(findings[1]?.message).toContain('keep build on service "api" and give the other services only `image: acme/app`');
  });

  it.each([
    ['args', '    build:\n      context: .\n      args:\n        VERSION: "2"\n'],
    ['context', '    build: ./other\n'],
    ['dockerfile', '    build:\n      context: .\n      dockerfile: other.Dockerfile\n'],
    ['platforms', '    build:\n      context: .\n      platforms: [linux/arm64]\n'],
    ['additional contexts', '    build:\n      context: .\n      additional_contexts:\n        shared: ./other\n'],
  ])('errs for different %s', (setting, workerBuild) => {
    const files = twoServices('    image: acme/app\n    build: .\n', `    image: acme/app\n${workerBuild}`);
    files['other/Dockerfile'] = 'FROM alpine\n';
    files['other.Dockerfile'] = 'FROM alpine\n';
    const findings = findingsOf(files);
    expect(findings.map((finding) => finding.severity)).toEqual(['error', 'error']);
    expect(findings[0]?.message).toContain(`with a different ${setting}`);
  });

  it('ignores target case', () => {
    const findings = findingsOf(
      twoServices(
        '    image: acme/app\n    build:\n      context: .\n      target: api\n',
        '    image: acme/app\n    build:\n      context: .\n      target: API\n',
      ),
    );
    expect(findings.map((finding) => finding.severity)).toEqual(['warning', 'warning']);
  });

  it('names every other service', () => {
    const files = twoServices('    image: acme/app\n    build: .\n', '    image: acme/app\n    build: .\n', '  cron:\n    image: acme/app\n    build: ./other\n');
    files['other/Dockerfile'] = 'FROM alpine\n';
    const [first] = findingsOf(files);
    expect(first?.message).toContain('services "worker" (compose.yaml:6:12) and "cron" (compose.yaml:9:12)');
    expect(first?.related).toHaveLength(2);
  });

  it('suggests a name per service', () => {
    const [first] = findingsOf(twoServices('    image: acme/app:1\n    build: .\n', '    image: acme/app:1\n    build: ./other\n'));
    expect(first?.message).toContain('`image: acme/app-api:1`');
  });
});
