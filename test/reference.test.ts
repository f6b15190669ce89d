import { describe, expect, test } from 'vitest';

import {
  familiarName,
  namedContextKey,
  normalizedImageName,
  parseImageReference,
  sameImage,
} from '../src/reference/reference.js';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference', () => {
  const valid: Array<[text: string, domain: string, path: string, tag: string | undefined, digest: string | undefined]> = [
    ['alpine', 'docker.io', 'library/alpine', undefined, undefined],
    ['alpine:3.20', 'docker.io', 'library/alpine', '3.20', undefined],
    ['myorg/base', 'docker.io', 'myorg/base', undefined, undefined],
    ['docker.io/alpine', 'docker.io', 'library/alpine', undefined, undefined],
    ['index.docker.io/library/svc:latest', 'docker.io', 'library/svc', 'latest', undefined],
    ['index.docker.io/svc', 'docker.io', 'library/svc', undefined, undefined],
    ['localhost/svc', 'localhost', 'svc', undefined, undefined],
    ['localhost:5000/a/b:1', 'localhost:5000', 'a/b', '1', undefined],
    ['registry:5000/app', 'registry:5000', 'app', undefined, undefined],
    ['127.0.0.1:5000/app', '127.0.0.1:5000', 'app', undefined, undefined],
    ['[::1]:5000/app', '[::1]:5000', 'app', undefined, undefined],
    ['ghcr.io/o/x:1', 'ghcr.io', 'o/x', '1', undefined],
    [`svc@${digest}`, 'docker.io', 'library/svc', undefined, digest],
    [`svc:1.0@${digest}`, 'docker.io', 'library/svc', '1.0', digest],
    ['Registry/app', 'Registry', 'app', undefined, undefined],
    ['svc:V1_x.y-z', 'docker.io', 'library/svc', 'V1_x.y-z', undefined],
    ['a__b/c--d/e.f', 'docker.io', 'a__b/c--d/e.f', undefined, undefined],
    // A first component that is no valid host stays part of the path, with no domain.
    ['my_registry.com/app', '', 'my_registry.com/app', undefined, undefined],
  ];

  test.each(valid)('parses %s', (text, domain, path, tag, digestPart) => {
    expect(parseImageReference(text)).toEqual({ domain, path, tag, digest: digestPart });
  });

  const invalid: Array<[reason: string, text: string]> = [
    ['empty text', ''],
    ['uppercase path', 'Service_A'],
    ['uppercase nested path', 'myorg/App'],
    ['uppercase after registry', 'ghcr.io/Org/app'],
    ['bare image ID', '0123456789abcdef'.repeat(4)],
    ['space', 'my app'],
    ['leading separator', '-app'],
    ['trailing slash', 'app/'],
    ['empty tag', 'app:'],
    ['registry port that is no number', 'app:1.0/x'],
    ['tag too long', `app:${'t'.repeat(129)}`],
    ['short digest', 'app@sha256:abc'],
    ['uppercase digest hex', `app@sha256:${'A'.repeat(64)}`],
    ['unknown digest algorithm', `app@md5:${'a'.repeat(32)}`],
    ['path too long', 'a'.repeat(256)],
    ['variable', '${BASE}'],
  ];

  test.each(invalid)('rejects %s', (_reason, text) => {
    expect(parseImageReference(text)).toBeUndefined();
  });

  test('accepts sha512 digest', () => {
    expect(parseImageReference(`app@sha512:${'a'.repeat(128)}`)?.digest).toBe(`sha512:${'a'.repeat(128)}`);
  });

  test('accepts maximum path length', () => {
    expect(parseImageReference('a'.repeat(247))?.path).toBe(`library/${'a'.repeat(247)}`);
  });
});

describe('normalizedImageName', () => {
  const cases: Array<[text: string, expected: string | undefined]> = [
    ['alpine', 'docker.io/library/alpine:latest'],
    ['alpine:3.20', 'docker.io/library/alpine:3.20'],
    ['localhost/svc', 'localhost/svc:latest'],
    [`svc@${digest}`, `docker.io/library/svc@${digest}`],
    [`svc:1.0@${digest}`, `docker.io/library/svc:1.0@${digest}`],
    ['index.docker.io/library/svc', 'docker.io/library/svc:latest'],
    ['localhost:5000/a/b:1', 'localhost:5000/a/b:1'],
    ['my_registry.com/app', 'my_registry.com/app:latest'],
    ['Service_A', undefined],
  ];

  test.each(cases)('normalizes %s', (text, expected) => {
    expect(normalizedImageName(text)).toBe(expected);
  });
});

describe('familiarName', () => {
  const cases: Array<[text: string, expected: string]> = [
    ['alpine:3.20', 'alpine:3.20'],
    ['docker.io/library/alpine', 'alpine'],
    ['docker.io/myorg/base', 'myorg/base'],
    ['library/alpine', 'alpine'],
    ['docker.io/library/a/b', 'library/a/b'],
    ['ghcr.io/o/x:1', 'ghcr.io/o/x:1'],
    ['localhost/svc', 'localhost/svc'],
    [`svc:1.0@${digest}`, `svc:1.0@${digest}`],
  ];

  test.each(cases)('shortens %s', (text, expected) => {
    const reference = parseImageReference(text);
    expect(reference).toBeDefined();
    expect(familiarName(reference!)).toBe(expected);
  });
});

describe('namedContextKey', () => {
  const cases: Array<[text: string, expected: string | undefined]> = [
    ['service_a', 'service_a'],
    ['service_a:latest', 'service_a'],
    ['docker.io/library/service_a', 'service_a'],
    ['docker.io/library/service_a:latest', 'service_a'],
    ['index.docker.io/library/service_a', 'service_a'],
    ['service_a:v1', 'service_a:v1'],
    [`service_a@${digest}`, `service_a@${digest}`],
    [`service_a:latest@${digest}`, `service_a:latest@${digest}`],
    ['myorg/base:latest', 'myorg/base'],
    ['ghcr.io/o/x:1', 'ghcr.io/o/x:1'],
    ['ghcr.io/o/x:latest', 'ghcr.io/o/x'],
    ['localhost:5000/a/b', 'localhost:5000/a/b'],
    ['Service_A', undefined],
    ['', undefined],
  ];

  test.each(cases)('keys %s', (text, expected) => {
    expect(namedContextKey(text)).toBe(expected);
  });
});

describe('sameImage', () => {
  const same = ['svc:latest', 'docker.io/library/svc', 'index.docker.io/library/svc:latest', 'docker.io/svc:latest'];

  test.each(same)('svc equals %s', (other) => {
    expect(sameImage('svc', other)).toBe(true);
  });

  const different = ['svc:1.0', `svc@${digest}`, 'localhost/svc', 'other/svc', 'ghcr.io/library/svc'];

  test.each(different)('svc differs from %s', (other) => {
    expect(sameImage('svc', other)).toBe(false);
  });

  test('invalid references never match', () => {
    expect(sameImage('Svc', 'Svc')).toBe(false);
  });

  test('registry port is significant', () => {
    expect(sameImage('localhost:5000/a/b:1', 'localhost/a/b:1')).toBe(false);
  });

  test('digest with tag keeps tag', () => {
    expect(sameImage(`svc:1.0@${digest}`, `svc@${digest}`)).toBe(false);
  });
});
