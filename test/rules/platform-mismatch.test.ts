import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'platform-mismatch';

/**
 * Returns the files of a producer `base` (image `acme/base`) and a consumer `app` whose
 * Dockerfile uses it. Each gets the given lines under its `build:` or service.
 */
function baseAndApp(
  options: { base?: string; baseService?: string; app?: string; appService?: string; dockerfile?: string } = {},
): Record<string, string> {
  return {
    'compose.yaml':
      'services:\n' +
      `  base:\n    image: acme/base\n${options.baseService ?? ''}    build:\n      context: ./base\n${options.base ?? ''}` +
      `  app:\n${options.appService ?? ''}    build:\n      context: ./app\n${options.app ?? ''}`,
    'base/Dockerfile': 'FROM alpine\n',
    'app/Dockerfile': options.dockerfile ?? 'FROM acme/base\n',
  };
}

const declared = '      additional_contexts:\n        acme/base: "service:base"\n';

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

function messageOf(files: Record<string, string>): string | undefined {
  const root = writeProject(files);
  return lintDirectory(root).findings.find((finding) => finding.ruleId === rule)?.message;
}

describe(rule, () => {
  it.each([
    [
      'a platform the producer lacks',
      { base: '      platforms: [linux/amd64, linux/arm64]\n', app: `      platforms: [linux/amd64, linux/arm/v7]\n${declared}` },
      'compose.yaml:10:32-10:44',
    ],
    [
      'a single different platform',
      { base: '      platforms: [linux/amd64]\n', app: '      platforms: [linux/arm64]\n' },
      'compose.yaml:10:19-10:30',
    ],
    ['a pinned consumer', { appService: '    platform: linux/amd64\n' }, 'compose.yaml:7:15-7:26'],
    ['a multi-platform consumer', { app: '      platforms: [linux/amd64, linux/arm64]\n' }, 'compose.yaml:9:19-9:30'],
    ['a pinned producer', { baseService: '    platform: linux/amd64\n' }, 'app/Dockerfile:1:6-1:15'],
    ['a pinned producer through a context', { baseService: '    platform: linux/amd64\n', app: declared, dockerfile: 'FROM acme/base\n' }, 'compose.yaml:11:20-11:34'],
    [
      'a consumer platform outside the list',
      { base: '      platforms: [linux/amd64, linux/arm64]\n', appService: '    platform: linux/arm/v7\n' },
      'compose.yaml:8:15-8:27',
    ],
  ])('reports %s', (_case, options, range) => {
    expect(ofRule(lintFiles(baseAndApp(options)))).toEqual([`${range} ${rule}`]);
  });

  it.each([
    ['no platforms', {}],
    ['equal platforms', { base: '      platforms: [linux/amd64, linux/arm64]\n', app: '      platforms: [linux/amd64, linux/arm64]\n' }],
    ['a subset', { base: '      platforms: [linux/amd64, linux/arm64]\n', app: '      platforms: [linux/arm64]\n' }],
    ['a default variant', { baseService: '    platform: linux/arm64/v8\n', appService: '    platform: linux/arm64\n' }],
    ['a multi-platform producer', { base: '      platforms: [linux/amd64, linux/arm64]\n' }],
    ['both pinned alike', { baseService: '    platform: linux/amd64\n', appService: '    platform: linux/amd64\n' }],
  ])('stays clean for %s', (_case, options) => {
    expect(ofRule(lintFiles(baseAndApp(options)))).toEqual([]);
  });

  it('stays clean for a self-reference', () => {
    const findings = lintFiles({
      'compose.yaml': 'services:\n  app:\n    image: acme/app\n    platform: linux/amd64\n    build: .\n',
      Dockerfile: 'FROM acme/app\n',
    });
    expect(ofRule(findings)).toEqual([]);
  });

  it('reports once per pair', () => {
    const files = baseAndApp({ appService: '    platform: linux/amd64\n', dockerfile: 'FROM acme/base\nCOPY --from=acme/base /a /b\n' });
    expect(ofRule(lintFiles(files))).toEqual([`compose.yaml:7:15-7:26 ${rule}`]);
  });

  it('quotes the Bake error', () => {
    const message = messageOf(
      baseAndApp({ base: '      platforms: [linux/amd64, linux/arm64]\n', app: `      platforms: [linux/amd64, linux/arm/v7]\n${declared}` }),
    );
    expect(message).toContain(
      '"target base can\'t be used by app because its platforms [linux/amd64 linux/arm/v7] are not a subset of [linux/amd64 linux/arm64]"',
    );
  });

  it('names the setting to copy', () => {
    expect(messageOf(baseAndApp({ appService: '    platform: linux/amd64\n' }))).toContain('Set `platform: linux/amd64` on service "base" too');
  });

  it('names an inherited trigger', () => {
    const files = baseAndApp({ appService: '    platform: linux/amd64\n' });
    files['compose.yaml'] += '  tools:\n    image: acme/tools\n    build: ./tools\n';
    files['tools/Dockerfile'] = 'FROM alpine\n';
    files['base/Dockerfile'] = 'FROM alpine\nONBUILD COPY --from=acme/tools /bin /bin\n';
    files['compose.yaml'] = files['compose.yaml'].replace('    image: acme/base\n', '    image: acme/base\n    platform: linux/amd64\n');
    const root = writeProject(files);
    const messages = lintDirectory(root).findings.filter((finding) => finding.ruleId === rule).map((finding) => finding.message);
    expect(messages.some((message) => message.includes('an ONBUILD trigger of the image of service "base"'))).toBe(true);
  });
});
