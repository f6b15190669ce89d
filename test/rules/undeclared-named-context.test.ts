import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'undeclared-named-context';

/** Returns the files of a service `web` that declares the context `assets`, and a service `worker` with the given Dockerfile and build. */
function webAndWorker(dockerfile: string, webContexts = '        assets: ./assets\n', workerBuild = '    build: ./worker\n'): Record<string, string> {
  return {
    'compose.yaml':
      'services:\n' +
      `  web:\n    build:\n      context: ./web\n      additional_contexts:\n${webContexts}` +
      `  worker:\n${workerBuild}`,
    'assets/logo.txt': 'logo\n',
    'web/Dockerfile': 'FROM nginx:1.27-alpine\nCOPY --from=assets /logo.txt /srv/logo.txt\n',
    'worker/Dockerfile': dockerfile,
  };
}

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

describe(rule, () => {
  it.each([
    ['FROM alpine\nCOPY --from=assets /logo.txt /srv/\n', 'worker/Dockerfile:2:13-2:19'],
    ['FROM assets\n', 'worker/Dockerfile:1:6-1:12'],
    ['FROM assets:latest\n', 'worker/Dockerfile:1:6-1:19'],
    ['FROM alpine\nRUN --mount=from=assets,target=/assets ls /assets\n', 'worker/Dockerfile:2:18-2:24'],
  ])('reports %j', (dockerfile, range) => {
    expect(ofRule(lintFiles(webAndWorker(dockerfile)))).toEqual([`${range} ${rule}`]);
  });

  it('reports a key in another form', () => {
    const files = webAndWorker('FROM alpine\nCOPY --from=assets /logo.txt /srv/\n', '        assets:latest: ./assets\n');
    expect(ofRule(lintFiles(files))).toEqual([`worker/Dockerfile:2:13-2:19 ${rule}`]);
  });

  it.each([
    ['its own entry', webAndWorker('FROM assets\n', undefined, '    build:\n      context: ./worker\n      additional_contexts:\n        assets: ./assets\n')],
    ['a stage of that name', webAndWorker('FROM alpine AS assets\nFROM alpine\nCOPY --from=assets /a /b\n')],
    ['another tag', webAndWorker('FROM assets:1.0\n')],
    ['an undeclared name', webAndWorker('FROM alpine\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\n')],
    ['an entry naming itself', webAndWorker('FROM tools\n', '        tools: "service:worker"\n')],
  ])('stays clean for %s', (_case, files) => {
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it('leaves service images alone', () => {
    const files = webAndWorker('FROM acme/base\n', '        acme/base: "service:base"\n');
    files['compose.yaml'] += '  base:\n    image: acme/base\n    build: ./base\n';
    files['base/Dockerfile'] = 'FROM alpine\n';
    expect(lintFiles(files).filter((line) => line.startsWith('worker/'))).toEqual([
      'worker/Dockerfile:1:6-1:15 undeclared-build-dependency',
    ]);
  });

  it('shows the entry to copy', () => {
    const root = writeProject(webAndWorker('FROM alpine\nCOPY --from=assets /logo.txt /srv/\n', '        assets: assets/\n'));
    const [finding] = lintDirectory(root).findings.filter((candidate) => candidate.ruleId === rule);
    expect(finding?.message).toContain('service "web" declares as an additional context (compose.yaml:6:9)');
    expect(finding?.message).toContain('`assets: "./assets"`');
  });

  it('offers the entry as a fix', () => {
    const root = writeProject(webAndWorker('FROM assets\n'));
    const [finding] = lintDirectory(root).findings.filter((candidate) => candidate.ruleId === rule);
    expect(finding?.fixes?.map((fix) => fix.title)).toEqual(['Add assets: "./assets" to the additional contexts of service "worker"']);
  });
});
