import { describe, expect, it } from 'vitest';

import { lintDirectory, lintFiles, writeProject } from '../support/project.js';

const multiStage = 'FROM golang:1.22 AS build\nRUN go version\n\nFROM alpine AS runtime\nCOPY --from=build /go /go\n';

describe('missing-build-target', () => {
  it('reports an unknown target', () => {
    expect(
      lintFiles({
        'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: runtim\n',
        Dockerfile: multiStage,
      }),
    ).toEqual(['compose.yaml:5:15-5:21 missing-build-target']);
  });

  it('matches the target case-insensitively', () => {
    expect(
      lintFiles({
        'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: RunTime\n',
        Dockerfile: multiStage,
      }),
    ).toEqual([]);
  });

  it('reports a target in a Dockerfile without stage names', () => {
    expect(
      lintFiles({
        'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: dev\n',
        Dockerfile: 'FROM alpine\n',
      }),
    ).toEqual(['compose.yaml:5:15-5:18 missing-build-target']);
  });

  it('checks an inline Dockerfile', () => {
    expect(
      lintFiles({
        'compose.yaml':
          'services:\n  app:\n    build:\n      target: prod\n      dockerfile_inline: |\n        FROM alpine AS dev\n',
      }),
    ).toEqual(['compose.yaml:4:15-4:19 missing-build-target']);
  });

  it('suggests the closest stage', () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: runtim\n',
      Dockerfile: multiStage,
    });
    const [finding] = lintDirectory(root).findings;
    expect(finding?.message).toContain('did you mean "runtime"?');
    expect(finding?.message).toContain('"build" and "runtime"');
  });
});

describe('missing-build-path', () => {
  it('reports a missing context', () => {
    expect(lintFiles({ 'compose.yaml': 'services:\n  app:\n    build: ./nowhere\n' })).toEqual([
      'compose.yaml:3:12-3:21 missing-build-path',
    ]);
  });

  it('reports a context that is a file', () => {
    expect(lintFiles({ 'compose.yaml': 'services:\n  app:\n    build: ./notes.txt\n', 'notes.txt': 'x\n' })).toEqual([
      'compose.yaml:3:12-3:23 missing-build-path',
    ]);
  });

  it('reports a missing dockerfile', () => {
    expect(
      lintFiles({
        'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      dockerfile: Dockerfile.dev\n',
        'app/Dockerfile': 'FROM alpine\n',
      }),
    ).toEqual(['compose.yaml:5:19-5:33 missing-build-path']);
  });

  it('reports a context without a Dockerfile', () => {
    expect(
      lintFiles({ 'compose.yaml': 'services:\n  app:\n    build: app\n', 'app/main.go': 'package main\n' }),
    ).toEqual(['compose.yaml:3:12-3:15 missing-build-path']);
  });

  it('accepts a lowercase dockerfile', () => {
    expect(lintFiles({ 'compose.yaml': 'services:\n  app:\n    build: app\n', 'app/dockerfile': 'FROM alpine\n' })).toEqual(
      [],
    );
  });

  it('accepts a Dockerfile outside the context', () => {
    expect(
      lintFiles({
        'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      dockerfile: ../docker/app.Dockerfile\n',
        'app/main.go': 'package main\n',
        'docker/app.Dockerfile': 'FROM alpine\n',
      }),
    ).toEqual([]);
  });

  it('skips a remote context', () => {
    expect(
      lintFiles({ 'compose.yaml': 'services:\n  app:\n    build: https://github.com/docker/welcome-to-docker.git\n' }),
    ).toEqual([]);
  });
});
