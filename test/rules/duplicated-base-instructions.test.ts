import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { FileChange } from '../../src/engine/finding.js';
import { findDuplication, groupByPrefix } from '../../src/multistage/index.js';
import { describeFinding, lintDirectory, lintFiles, writeProject } from '../support/project.js';

const rule = 'duplicated-base-instructions';

const twoServicesCompose = 'services:\n  a:\n    build:\n      dockerfile: a.Dockerfile\n  b:\n    build:\n      dockerfile: b.Dockerfile\n';

/** Services `a` and `b` in one context, each with its own Dockerfile. */
function twoServices(a: string, b: string, compose = twoServicesCompose): Record<string, string> {
  return { 'compose.yaml': compose, 'a.Dockerfile': a, 'b.Dockerfile': b };
}

function ofRule(findings: string[]): string[] {
  return findings.filter((line) => line.endsWith(` ${rule}`));
}

function messagesOf(files: Record<string, string>): string[] {
  const root = writeProject(files);
  return lintDirectory(root)
    .findings.filter((finding) => finding.ruleId === rule)
    .map((finding) => finding.message);
}

describe(rule, () => {
  it.each([
    ['the same FROM and RUN', 'FROM alpine\nRUN apk add openssl\n', 'FROM alpine\nRUN apk add openssl\n', ['a.Dockerfile:1:1-1:12', 'b.Dockerfile:1:1-1:12']],
    ['keyword case and white space', 'FROM alpine\nRUN apk add  openssl\n', 'from alpine\nrun apk \\\n  add openssl\n', ['a.Dockerfile:1:1-1:12', 'b.Dockerfile:1:1-1:12']],
    ['a comment inside', 'FROM alpine\nRUN apk add \\\n# pinned below\n  openssl\n', 'FROM alpine\nRUN apk add openssl\n', ['a.Dockerfile:1:1-1:12', 'b.Dockerfile:1:1-1:12']],
    ['a FROM resolved from an ARG', 'ARG BASE=alpine\nFROM ${BASE}\nRUN x\n', 'FROM alpine\nRUN x\n', ['a.Dockerfile:2:1-2:13', 'b.Dockerfile:1:1-1:12']],
    ['alpine and alpine:latest', 'FROM alpine\nRUN x\n', 'FROM docker.io/library/alpine:latest\nRUN x\n', ['a.Dockerfile:1:1-1:12', 'b.Dockerfile:1:1-1:37']],
    ['a named last stage', 'FROM golang AS build\nRUN go build\nFROM alpine AS app\nRUN x\n', 'FROM alpine\nRUN x\n', ['a.Dockerfile:3:1-3:19', 'b.Dockerfile:1:1-1:12']],
    ['a heredoc', 'FROM alpine\nRUN <<EOF\napk add openssl\nEOF\n', 'FROM alpine\nRUN <<EOF\napk add openssl\nEOF\n', ['a.Dockerfile:1:1-1:12', 'b.Dockerfile:1:1-1:12']],
  ])('reports %s', (_name, a, b, ranges) => {
    expect(ofRule(lintFiles(twoServices(a, b)))).toEqual(ranges.map((range) => `${range} ${rule}`));
  });

  it.each([
    ['only the FROM', 'FROM alpine\nRUN a\n', 'FROM alpine\nRUN b\n'],
    ['a single FROM line', 'FROM alpine\n', 'FROM alpine\n'],
    ['another platform', 'FROM --platform=linux/arm64 alpine\nRUN x\n', 'FROM alpine\nRUN x\n'],
    ['another tag', 'FROM alpine:3.19\nRUN x\n', 'FROM alpine:3.20\nRUN x\n'],
    ['a target built on a stage', 'FROM alpine AS base\nRUN x\nFROM base\nRUN y\n', 'FROM alpine AS base\nRUN x\nFROM base\nRUN y\n'],
    ['a copy from its own stage', 'FROM golang AS b\nFROM alpine\nCOPY --from=b /x /x\n', 'FROM golang AS b\nFROM alpine\nCOPY --from=b /x /x\n'],
    ['a heredoc body that differs', 'FROM alpine\nRUN <<EOF\napk add openssl\nEOF\n', 'FROM alpine\nRUN <<EOF\napk add curl\nEOF\n'],
  ])('stays clean for %s', (_name, a, b) => {
    expect(ofRule(lintFiles(twoServices(a, b)))).toEqual([]);
  });

  it('stays clean for one shared Dockerfile', () => {
    const files = {
      'compose.yaml': 'services:\n  a:\n    build: .\n  b:\n    build: .\n',
      Dockerfile: 'FROM alpine\nRUN apk add openssl\n',
    };
    expect(ofRule(lintFiles(files))).toEqual([]);
  });

  it('reports two targets once', () => {
    const files = {
      'compose.yaml': 'services:\n  a:\n    build:\n      context: .\n      target: a\n  b:\n    build:\n      context: .\n      target: b\n',
      Dockerfile: 'FROM alpine AS a\nRUN apk add openssl\nRUN echo a\nFROM alpine AS b\nRUN apk add openssl\nRUN echo b\n',
    };
    expect(ofRule(lintFiles(files))).toEqual([`Dockerfile:1:1-1:17 ${rule}`]);
  });

  it('stays clean for other build args', () => {
    const compose = twoServicesCompose.replace('dockerfile: b.Dockerfile\n', 'dockerfile: b.Dockerfile\n      args:\n        BASE: debian\n');
    const dockerfile = 'ARG BASE=alpine\nFROM ${BASE}\nRUN x\n';
    expect(ofRule(lintFiles(twoServices(dockerfile, dockerfile, compose)))).toEqual([]);
  });

  it('stays clean for a replaced base', () => {
    const compose = twoServicesCompose.replace('dockerfile: b.Dockerfile\n', 'dockerfile: b.Dockerfile\n      additional_contexts:\n        alpine: docker-image://debian\n');
    expect(ofRule(lintFiles(twoServices('FROM alpine\nRUN x\n', 'FROM alpine\nRUN x\n', compose)))).toEqual([]);
  });

  describe('COPY from different contexts', () => {
    const compose = 'services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n';
    const dockerfile = 'FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD ["python"]\n';

    it('reports identical files', () => {
      const files = {
        'compose.yaml': compose,
        'a/Dockerfile': dockerfile,
        'a/requirements.txt': 'requests==2.32.3\n',
        'b/Dockerfile': dockerfile,
        'b/requirements.txt': 'requests==2.32.3\n',
      };
      expect(messagesOf(files)[0]).toContain('starts with the same 4 instructions');
    });

    it('stays clean for other bytes', () => {
      const files = {
        'compose.yaml': compose,
        'a/Dockerfile': dockerfile,
        'a/requirements.txt': 'requests==2.32.3\n',
        'b/Dockerfile': dockerfile,
        'b/requirements.txt': 'requests==2.31.0\n',
      };
      expect(messagesOf(files)).toEqual([]);
    });

    it('stays clean for other ignore rules', () => {
      const files = {
        'compose.yaml': compose,
        'a/Dockerfile': 'FROM alpine\nCOPY . /app\n',
        'a/app.txt': 'app\n',
        'a/notes.md': 'notes\n',
        'b/Dockerfile': 'FROM alpine\nCOPY . /app\n',
        'b/app.txt': 'app\n',
        'b/notes.md': 'notes\n',
        'b/.dockerignore': '*.md\n',
      };
      expect(messagesOf(files)).toEqual([]);
    });
  });

  it('names other services and count', () => {
    const files = {
      'compose.yaml':
        'services:\n  a:\n    build:\n      dockerfile: a.Dockerfile\n  a2:\n    build:\n      dockerfile: a.Dockerfile\n' +
        '  b:\n    build:\n      dockerfile: b.Dockerfile\n',
      'a.Dockerfile': 'FROM alpine\nRUN apk add openssl\nWORKDIR /app\nRUN echo a\n',
      'b.Dockerfile': 'FROM alpine\nRUN apk add openssl\nWORKDIR /app\nRUN echo b\n',
    };
    expect(messagesOf(files)[0]).toMatch(
      /^This stage, which services "a" and "a2" build, starts with the same 3 instructions as the stage that service "b" \(b\.Dockerfile:1:1\) builds\. The shared steps are written twice,/,
    );
  });

  it('offers the rewrite as an unsafe fix', () => {
    const root = writeProject(twoServices('FROM alpine\nRUN x\nRUN a\n', 'FROM alpine\nRUN x\nRUN b\n'));
    const finding = lintDirectory(root).findings.find((candidate) => candidate.ruleId === rule)!;
    const describeChange = (change: FileChange): string => `${change.kind} ${relative(root, change.file)}${change.kind === 'delete' && change.optional ? ' (optional)' : ''}`;
    expect(finding.fixes?.map((fix) => [fix.safety, fix.files?.map(describeChange)])).toEqual([
      ['unsafe', ['create Dockerfile', 'delete a.Dockerfile (optional)', 'delete b.Dockerfile (optional)']],
    ]);
  });

  it.each([
    [
      'global ARGs that differ',
      twoServices('ARG V=1\nFROM alpine\nRUN x\n', 'ARG V=2\nFROM alpine\nRUN x\n'),
      'ARG V is declared as "V=1" in a.Dockerfile and as "V=2" in b.Dockerfile before the first FROM',
    ],
    [
      'escape characters that differ',
      twoServices('# escape=`\nFROM alpine\nRUN x\n', 'FROM alpine\nRUN x\n'),
      'the Dockerfiles use different escape characters (# escape=)',
    ],
    [
      'a shared ONBUILD',
      twoServices('FROM alpine\nONBUILD RUN x\nRUN a\n', 'FROM alpine\nONBUILD RUN x\nRUN b\n'),
      'the shared instructions include ONBUILD',
    ],
    [
      'a shared ARG that reads an ENV',
      twoServices('FROM alpine\nENV X=1\nARG Y=$X\nRUN a\n', 'FROM alpine\nENV X=1\nARG Y=$X\nRUN b\n'),
      'the shared ARG at',
    ],
    [
      'a build written through an alias',
      twoServices('FROM alpine\nRUN x\n', 'FROM alpine\nRUN x\n', 'x-a: &a\n  dockerfile: a.Dockerfile\nservices:\n  a:\n    build: *a\n  b:\n    build:\n      dockerfile: b.Dockerfile\n'),
      'the build of service "a" comes from a YAML anchor',
    ],
    [
      'a bind mount of a context that moves',
      {
        'compose.yaml': 'services:\n  a:\n    build: ./a\n  b:\n    build: ./b\n',
        'a/Dockerfile': 'FROM alpine\nRUN x\nRUN --mount=target=/src make\n',
        'b/Dockerfile': 'FROM alpine\nRUN x\nRUN echo b\n',
      },
      'binds the build context',
    ],
  ])('reports why it cannot rewrite %s', (_name, files, reason) => {
    const message = messagesOf(files)[0]!;
    expect(message).toContain('compose-lint cannot rewrite them into one Dockerfile because');
    expect(message).toContain(reason);
  });
});

describe('groupByPrefix', () => {
  it('requests keys linearly for 2,000 items', () => {
    // Every item shares the FROM key, the worst case for comparing all pairs.
    const items = Array.from({ length: 2000 }, (_, index) => ({ id: index, keys: ['FROM alpine', `RUN ${index % 400}`, 'RUN x', `CMD ${index}`] }));
    let lookups = 0;
    const groups = groupByPrefix(items, {
      length: (item) => item.keys.length,
      key: (item, index) => {
        lookups++;
        return item.keys[index]!;
      },
      identity: (item) => String(item.id),
    });
    expect(groups).toHaveLength(400);
    expect(groups.every((group) => group.sharedLength === 3)).toBe(true);
    // Two bucketing lookups per item, then one per member for each compared position.
    expect(lookups).toBeLessThanOrEqual(2 * items.length + items.length * 2);
  });
});

describe('duplicated-base-instructions at scale', () => {
  it('groups 2,000 services linearly', { timeout: 300_000 }, () => {
    const root = writeProject({});
    const count = 2000;
    let compose = 'services:\n';
    for (let index = 0; index < count; index++) {
      const group = index % 400;
      mkdirSync(join(root, `s${index}`), { recursive: true });
      writeFileSync(
        join(root, `s${index}`, 'Dockerfile'),
        `FROM alpine:3.${group % 20}\nRUN apk add --no-cache pkg${group}\nRUN echo ${group}\nCMD ["run", "${index}"]\n`,
      );
      compose += `  s${index}:\n    build: ./s${index}\n`;
    }
    writeFileSync(join(root, 'compose.yaml'), compose);

    const result = lintDirectory(root);
    const duplication = findDuplication(result.analysis);
    const instructions = count * 4;
    expect(duplication.groups).toHaveLength(400);
    expect(result.findings.filter((finding) => finding.ruleId === rule)).toHaveLength(count);
    expect(duplication.keyLookups).toBeLessThanOrEqual(2 * count + instructions);
    expect(describeFinding(root, result.findings[0]!)).toBe(`s0/Dockerfile:1:1-1:16 ${rule}`);
  });
});
