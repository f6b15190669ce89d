import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, test } from 'vitest';

import {
  parseDockerfile,
  resolveReferences,
  type ResolveOptions,
  type ResolvedReference,
  type ResolvedTarget,
} from '../src/dockerfile/index.js';

/** Writes `text` as a Dockerfile on disk, parses the file read back and resolves its references. */
function resolveWritten(
  text: string,
  buildArgs: Record<string, string | undefined> = {},
  options: ResolveOptions = {},
): ResolvedReference[] {
  const path = join(mkdtempSync(join(tmpdir(), 'compose-lint-resolve-')), 'Dockerfile');
  writeFileSync(path, text);
  const model = parseDockerfile(readFileSync(path, 'utf8'), path);
  return resolveReferences(model, new Map(Object.entries(buildArgs)), options);
}

const blankReason = 'the image name is empty after ARG expansion';

/** Resolves a Dockerfile and returns the target of its last stage's base. */
function lastBaseTarget(text: string, buildArgs: Record<string, string | undefined> = {}): ResolvedTarget {
  const bases = resolveWritten(text, buildArgs).filter((each) => each.reference.kind === 'from');
  return bases[bases.length - 1]!.target;
}

describe('resolveReferences FROM', () => {
  test('scratch is scratch', () => {
    expect(lastBaseTarget('FROM scratch\n')).toEqual({ kind: 'scratch' });
  });

  test('uppercase scratch is external', () => {
    expect(lastBaseTarget('FROM SCRATCH\n')).toEqual({ kind: 'external', name: 'SCRATCH' });
  });

  test('image is external', () => {
    expect(lastBaseTarget('FROM nginx:alpine\n')).toEqual({ kind: 'external', name: 'nginx:alpine' });
  });

  test('earlier stage by name', () => {
    expect(lastBaseTarget('FROM alpine AS builder\nFROM builder\n')).toEqual({ kind: 'stage', stageIndex: 0 });
  });

  test('stage name written in uppercase', () => {
    expect(lastBaseTarget('FROM alpine AS Builder\nFROM builder\n')).toEqual({ kind: 'stage', stageIndex: 0 });
  });

  test('uppercase FROM misses stage', () => {
    expect(lastBaseTarget('FROM alpine AS builder\nFROM Builder\n')).toEqual({ kind: 'external', name: 'Builder' });
  });

  test('tagged name misses stage', () => {
    expect(lastBaseTarget('FROM alpine AS builder\nFROM builder:latest\n')).toEqual({
      kind: 'external',
      name: 'builder:latest',
    });
  });

  test('later stage is not visible', () => {
    const resolved = resolveWritten('FROM later\nFROM alpine AS later\n');
    expect(resolved[0]!.target).toEqual({ kind: 'external', name: 'later' });
  });

  test('stage cannot be its own base', () => {
    expect(lastBaseTarget('FROM app AS app\n')).toEqual({ kind: 'external', name: 'app' });
  });

  test('duplicate names use latest earlier', () => {
    expect(lastBaseTarget('FROM a AS x\nFROM b AS x\nFROM x\n')).toEqual({ kind: 'stage', stageIndex: 1 });
  });

  test('stage named like an image', () => {
    expect(lastBaseTarget('FROM nginx:1.27 AS nginx\nFROM nginx\n')).toEqual({ kind: 'stage', stageIndex: 0 });
  });

  test('platform flag does not change base', () => {
    const resolved = resolveWritten('FROM --platform=$BUILDPLATFORM golang AS build\nFROM alpine\nCOPY --from=build /a /b\n');
    expect(resolved.map((each) => each.target)).toEqual([
      { kind: 'external', name: 'golang' },
      { kind: 'external', name: 'alpine' },
      { kind: 'stage', stageIndex: 0 },
    ]);
  });

  test('blank base is unresolved', () => {
    expect(lastBaseTarget('FROM\n')).toEqual({ kind: 'unresolved', missingArgs: [], reason: blankReason });
  });
});

describe('resolveReferences ARG expansion', () => {
  test('global ARG default', () => {
    expect(lastBaseTarget('ARG BASE=service_a\nFROM ${BASE}\n')).toEqual({ kind: 'external', name: 'service_a' });
  });

  test('build arg overrides default', () => {
    expect(lastBaseTarget('ARG BASE=service_a\nFROM ${BASE}\n', { BASE: 'other' })).toEqual({
      kind: 'external',
      name: 'other',
    });
  });

  test('valueless build arg keeps default', () => {
    expect(lastBaseTarget('ARG BASE=service_a\nFROM ${BASE}\n', { BASE: undefined })).toEqual({
      kind: 'external',
      name: 'service_a',
    });
  });

  test('expanded text is returned', () => {
    const resolved = resolveWritten('ARG BASE=service_a\nFROM $BASE:1\n');
    expect(resolved[0]!.expanded).toBe('service_a:1');
  });

  test('undeclared variable is missing', () => {
    expect(lastBaseTarget('FROM ${MISSING}\n')).toEqual({ kind: 'unresolved', missingArgs: ['MISSING'] });
  });

  test('unresolved has no expanded text', () => {
    expect(resolveWritten('FROM ${MISSING}\n')[0]!.expanded).toBeUndefined();
  });

  test('ARG without default is missing', () => {
    expect(lastBaseTarget('ARG BASE\nFROM $BASE\n')).toEqual({ kind: 'unresolved', missingArgs: ['BASE'] });
  });

  test('build arg fills ARG without default', () => {
    expect(lastBaseTarget('ARG BASE\nFROM $BASE\n', { BASE: 'alpine' })).toEqual({ kind: 'external', name: 'alpine' });
  });

  test('undeclared build arg is invisible', () => {
    expect(lastBaseTarget('FROM ${IMAGE}\n', { IMAGE: 'alpine' })).toEqual({ kind: 'unresolved', missingArgs: ['IMAGE'] });
  });

  test('stage ARG is invisible to FROM', () => {
    expect(lastBaseTarget('FROM alpine\nARG BASE=x\nFROM ${BASE}\n')).toEqual({ kind: 'unresolved', missingArgs: ['BASE'] });
  });

  test('default uses earlier ARG', () => {
    const text = 'ARG REGISTRY=ghcr.io\nARG IMAGE=${REGISTRY}/o/app\nFROM ${IMAGE}\n';
    expect(lastBaseTarget(text)).toEqual({ kind: 'external', name: 'ghcr.io/o/app' });
  });

  test('default sees build arg of earlier ARG', () => {
    const text = 'ARG REGISTRY=ghcr.io\nARG IMAGE=${REGISTRY}/o/app\nFROM ${IMAGE}\n';
    expect(lastBaseTarget(text, { REGISTRY: 'localhost:5000' })).toEqual({ kind: 'external', name: 'localhost:5000/o/app' });
  });

  test('default uses missing ARG', () => {
    expect(lastBaseTarget('ARG IMAGE=${REGISTRY}/app\nFROM ${IMAGE}\n')).toEqual({
      kind: 'unresolved',
      missingArgs: ['REGISTRY'],
    });
  });

  test('redeclaration keeps value', () => {
    expect(lastBaseTarget('ARG BASE=alpine\nARG BASE\nFROM $BASE\n')).toEqual({ kind: 'external', name: 'alpine' });
  });

  test('quoted default is unquoted', () => {
    expect(lastBaseTarget('ARG BASE="alpine"\nFROM $BASE\n')).toEqual({ kind: 'external', name: 'alpine' });
  });

  test('empty expansion is unresolved', () => {
    expect(lastBaseTarget('ARG BASE=""\nFROM ${BASE}\n')).toEqual({
      kind: 'unresolved',
      missingArgs: [],
      reason: blankReason,
    });
  });

  test('platform ARGs are linux/amd64', () => {
    const text = 'FROM golang:1.22-${TARGETOS}-${TARGETARCH}-${BUILDPLATFORM}\n';
    expect(lastBaseTarget(text)).toEqual({ kind: 'external', name: 'golang:1.22-linux-amd64-linux/amd64' });
  });

  test('empty platform ARG is set', () => {
    expect(lastBaseTarget('FROM alpine${TARGETVARIANT}\n')).toEqual({ kind: 'external', name: 'alpine' });
  });

  test('build arg overrides platform ARG', () => {
    expect(lastBaseTarget('FROM app-${TARGETARCH}\n', { TARGETARCH: 'arm64' })).toEqual({
      kind: 'external',
      name: 'app-arm64',
    });
  });

  test('TARGETSTAGE defaults to last stage', () => {
    expect(lastBaseTarget('FROM app-${TARGETSTAGE} AS final\n')).toEqual({ kind: 'external', name: 'app-final' });
  });

  test('TARGETSTAGE of unnamed last stage', () => {
    expect(lastBaseTarget('FROM app-${TARGETSTAGE}\n')).toEqual({ kind: 'external', name: 'app-default' });
  });

  test('TARGETSTAGE from target option', () => {
    const resolved = resolveWritten('FROM app-${TARGETSTAGE} AS base\nFROM alpine AS final\n', {}, { target: 'base' });
    expect(resolved[0]!.target).toEqual({ kind: 'external', name: 'app-base' });
  });

  test('expansion can name a stage', () => {
    const text = 'ARG BUILDER=build\nFROM golang AS build\nFROM ${BUILDER}\n';
    expect(lastBaseTarget(text)).toEqual({ kind: 'stage', stageIndex: 0 });
  });

  test('escape directive applies to expansion', () => {
    expect(lastBaseTarget('# escape=`\nARG TAG=1\nFROM app:`$TAG\n')).toEqual({ kind: 'external', name: 'app:$TAG' });
  });
});

describe('resolveReferences substitution forms', () => {
  // Each row: the FROM word, the value of the declared ARG VAR (`undefined`
  // for declared without a value), and the expected target.
  const cases: Array<[word: string, value: string | undefined, expected: ResolvedTarget]> = [
    ['${VAR:-alpine}', undefined, { kind: 'external', name: 'alpine' }],
    ['${VAR:-alpine}', '', { kind: 'external', name: 'alpine' }],
    ['${VAR:-alpine}', 'debian', { kind: 'external', name: 'debian' }],
    ['${VAR-alpine}', undefined, { kind: 'external', name: 'alpine' }],
    ['${VAR-alpine}', '', { kind: 'unresolved', missingArgs: [], reason: blankReason }],
    ['${VAR-alpine}', 'debian', { kind: 'external', name: 'debian' }],
    ['alpine${VAR:+:edge}', undefined, { kind: 'external', name: 'alpine' }],
    ['alpine${VAR:+:edge}', '', { kind: 'external', name: 'alpine' }],
    ['alpine${VAR:+:edge}', 'yes', { kind: 'external', name: 'alpine:edge' }],
    ['alpine${VAR+:edge}', undefined, { kind: 'external', name: 'alpine' }],
    ['alpine${VAR+:edge}', '', { kind: 'external', name: 'alpine:edge' }],
    ['${VAR:-${OTHER}}', 'set', { kind: 'external', name: 'set' }],
    ['${VAR:-${OTHER}}', undefined, { kind: 'unresolved', missingArgs: ['OTHER'] }],
    ['${VAR:?required}', undefined, { kind: 'unresolved', missingArgs: ['VAR'], reason: 'VAR: required' }],
    ['${VAR:?}', '', { kind: 'unresolved', missingArgs: [], reason: 'VAR: must not be empty' }],
    ['golang:${VAR%.*}', '1.22.3', { kind: 'external', name: 'golang:1.22' }],
    ['golang:${VAR%%.*}', '1.22.3', { kind: 'external', name: 'golang:1' }],
    ['golang:${VAR#*.}', '1.22.3', { kind: 'external', name: 'golang:22.3' }],
    ['golang:${VAR##*.}', '1.22.3', { kind: 'external', name: 'golang:3' }],
    ['app:${VAR/./-}', '1.22.3', { kind: 'external', name: 'app:1-22.3' }],
    ['app:${VAR//./-}', '1.22.3', { kind: 'external', name: 'app:1-22-3' }],
    ['"alpine"', undefined, { kind: 'external', name: 'alpine' }],
    ["'$VAR'", undefined, { kind: 'external', name: '$VAR' }],
    ['${VAR', 'x', { kind: 'unresolved', missingArgs: [], reason: 'missing closing } in ${...}' }],
    ['${VAR:x}', 'x', { kind: 'unresolved', missingArgs: [], reason: 'unsupported modifier ":x" in ${VAR:x...}' }],
    ['${}', 'x', { kind: 'unresolved', missingArgs: [], reason: 'invalid variable name in ${...}' }],
    ['${VAR/\\x/y}', 'x', { kind: 'unresolved', missingArgs: [], reason: 'invalid pattern "\\x": \\ escapes only *, ? and \\' }],
  ];

  test.each(cases)('expands %s with %s', (word, value, expected) => {
    const declaration = value === undefined ? 'ARG VAR' : `ARG VAR="${value}"`;
    expect(lastBaseTarget(`${declaration}\nFROM ${word}\n`)).toEqual(expected);
  });
});

describe('resolveReferences COPY and mounts', () => {
  test('copy-from index is stage', () => {
    const resolved = resolveWritten('FROM golang AS build\nFROM alpine\nCOPY --from=0 /a /b\n');
    expect(resolved[2]!.target).toEqual({ kind: 'stage', stageIndex: 0 });
  });

  test('copy-from index out of range', () => {
    const resolved = resolveWritten('FROM alpine\nCOPY --from=3 /a /b\n');
    expect(resolved[1]!.target).toEqual({
      kind: 'unresolved',
      missingArgs: [],
      reason: 'stage index 3 is out of range: the Dockerfile has 1 stage',
    });
  });

  test('copy-from image is external', () => {
    const resolved = resolveWritten('FROM alpine\nCOPY --from=nginx:alpine /etc/nginx /etc/nginx\n');
    expect(resolved[1]!.target).toEqual({ kind: 'external', name: 'nginx:alpine' });
  });

  test('copy-from ignores case', () => {
    const resolved = resolveWritten('FROM golang AS builder\nFROM alpine\nCOPY --from=BUILDER /a /b\n');
    expect(resolved[2]!.target).toEqual({ kind: 'stage', stageIndex: 0 });
  });

  test('copy-from finds later stage', () => {
    const resolved = resolveWritten('FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b\n');
    expect(resolved[1]!.target).toEqual({ kind: 'stage', stageIndex: 1 });
  });

  test('copy-from duplicate names use last', () => {
    const resolved = resolveWritten('FROM a AS x\nFROM b AS x\nFROM c\nCOPY --from=x / /\n');
    expect(resolved[3]!.target).toEqual({ kind: 'stage', stageIndex: 1 });
  });

  test('copy-from scratch', () => {
    const resolved = resolveWritten('FROM alpine\nCOPY --from=scratch / /\n');
    expect(resolved[1]!.target).toEqual({ kind: 'scratch' });
  });

  test('copy-from variable is unresolved', () => {
    const resolved = resolveWritten('ARG SRC=build\nFROM alpine\nCOPY --from=$SRC /a /b\n');
    expect(resolved[1]!.target).toEqual({
      kind: 'unresolved',
      missingArgs: [],
      reason: '--from does not expand variables: define a stage with FROM and a global ARG instead',
    });
  });

  test('copy-from is not expanded', () => {
    const resolved = resolveWritten('FROM alpine\nCOPY --from=build /a /b\n', { build: 'x' });
    expect(resolved[1]!.expanded).toBe('build');
  });

  test('mount-from stage', () => {
    const resolved = resolveWritten('FROM golang AS deps\nFROM alpine\nRUN --mount=from=deps,target=/d true\n');
    expect(resolved[2]!.target).toEqual({ kind: 'stage', stageIndex: 0 });
  });

  test('mount-from index is image', () => {
    const resolved = resolveWritten('FROM alpine\nRUN --mount=from=0,target=/d true\n');
    expect(resolved[1]!.target).toEqual({ kind: 'external', name: '0' });
  });

  test('empty mount-from is scratch', () => {
    const resolved = resolveWritten('FROM alpine\nRUN --mount=type=bind,from=,target=/d true\n');
    expect(resolved[1]!.target).toEqual({ kind: 'scratch' });
  });

  test('mount-from variable is unresolved', () => {
    const resolved = resolveWritten('FROM alpine\nRUN --mount=from=${SRC},target=/d true\n');
    expect(resolved[1]!.target).toEqual({
      kind: 'unresolved',
      missingArgs: [],
      reason: 'from= of --mount does not expand variables: define a stage with FROM and a global ARG instead',
    });
  });

  test('onbuild name is not a stage', () => {
    const resolved = resolveWritten('FROM golang AS build\nONBUILD COPY --from=build /a /b\n');
    expect(resolved[1]!.target).toEqual({ kind: 'external', name: 'build' });
  });

  test('onbuild index is unresolved', () => {
    const resolved = resolveWritten('FROM golang AS build\nONBUILD COPY --from=0 /a /b\n');
    expect(resolved[1]!.target.kind).toBe('unresolved');
  });
});

describe('resolveReferences order', () => {
  test('references follow source order', () => {
    const text = [
      'FROM golang AS build',
      'COPY --from=tools /t /t',
      'RUN --mount=from=cache,target=/c true',
      'FROM alpine',
      'COPY --from=build /a /b',
      '',
    ].join('\n');
    const resolved = resolveWritten(text);
    expect(resolved.map((each) => [each.reference.kind, each.reference.text])).toEqual([
      ['from', 'golang'],
      ['copy-from', 'tools'],
      ['mount-from', 'cache'],
      ['from', 'alpine'],
      ['copy-from', 'build'],
    ]);
  });
});
