import { relative } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { BuildEdge, BuildGraph } from '../src/graph/graph.js';
import { lintDirectory, writeProject } from './support/project.js';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** Lints a project written to disk and returns its build graph with the project root. */
function graphOf(files: Record<string, string>): { graph: BuildGraph; root: string } {
  const root = writeProject(files);
  return { graph: lintDirectory(root).analysis.graph, root };
}

/** `from -> to` of an edge, with `(declared)` or the evidence location and the trigger's producer. */
function describeEdge(root: string, edge: BuildEdge): string {
  if (edge.evidence.kind === 'context') return `${edge.from} -> ${edge.to} (declared)`;

  const { range } = edge.evidence.reference.reference;
  const via = edge.evidence.source === undefined ? '' : ` via ${edge.evidence.source.service}`;
  return `${edge.from} -> ${edge.to} at ${relative(root, range.file)}:${range.start.line}:${range.start.column}${via}`;
}

function edgesOf(files: Record<string, string>): string[] {
  const { graph, root } = graphOf(files);
  return graph.edges.map((edge) => describeEdge(root, edge));
}

/** Returns the files of a producer `svc` with `image: svc` and a consumer whose Dockerfile is `FROM <reference>`. */
function consumerOf(reference: string): Record<string, string> {
  return {
    'compose.yaml': 'services:\n  svc:\n    image: svc\n    build: svc\n  app:\n    build: app\n',
    'svc/Dockerfile': 'FROM alpine\n',
    'app/Dockerfile': `FROM ${reference}\n`,
  };
}

describe('graph reference normalization', () => {
  it.each(['svc', 'svc:latest', 'docker.io/library/svc', 'index.docker.io/library/svc:latest'])('matches %s', (reference) => {
    expect(edgesOf(consumerOf(reference))).toEqual(['app -> svc at app/Dockerfile:1:6']);
  });

  it.each(['svc:1.0', `svc@${digest}`, 'localhost/svc', 'docker.io/other/svc', 'svcx'])('does not match %s', (reference) => {
    expect(edgesOf(consumerOf(reference))).toEqual([]);
  });

  it.each([
    ['registry.example.com/team/base:2', 'registry.example.com/team/base:2'],
    ['base:v1', 'docker.io/library/base:v1'],
    ['base', 'base:latest'],
  ])('matches build.tags entry %s', (tag, reference) => {
    const files = {
      'compose.yaml': `services:\n  base:\n    build:\n      context: base\n      tags: ["${tag}"]\n  app:\n    build: app\n`,
      'base/Dockerfile': 'FROM alpine\n',
      'app/Dockerfile': `FROM ${reference}\n`,
    };
    expect(edgesOf(files)).toEqual(['app -> base at app/Dockerfile:1:6']);
  });

  it('keeps default name producers', () => {
    const { graph } = graphOf(consumerOf('example-app'));
    expect(graph.producers.get('docker.io/library/example-app:latest')?.map((producer) => producer.origin)).toEqual(['default']);
  });
});

/** Returns the files of a producer `p` (image `acme/p`) with the given Dockerfile, a service `tools` (image `acme/tools`) and a consumer `c`. */
function triggerProject(producer: string, consumer: string, consumerBuild = '    build: c\n'): Record<string, string> {
  return {
    'compose.yaml':
      'services:\n' +
      '  tools:\n    image: acme/tools\n    build: tools\n' +
      '  p:\n    image: acme/p\n    build: p\n' +
      `  c:\n${consumerBuild}`,
    'tools/Dockerfile': 'FROM alpine\n',
    'p/Dockerfile': producer,
    'c/Dockerfile': consumer,
  };
}

const copyTrigger = 'FROM alpine\nONBUILD COPY --from=acme/tools /bin /bin\n';

describe('graph onbuild triggers', () => {
  it('adds trigger consumer edge', () => {
    expect(edgesOf(triggerProject(copyTrigger, 'FROM acme/p\n'))).toEqual([
      'p -> tools at p/Dockerfile:2:21',
      'c -> p at c/Dockerfile:1:6',
      'c -> tools at p/Dockerfile:2:21 via p',
    ]);
  });

  it('follows a mount trigger', () => {
    const producer = 'FROM alpine\nONBUILD RUN --mount=type=bind,from=acme/tools,target=/t ls /t\n';
    expect(edgesOf(triggerProject(producer, 'FROM acme/p\n'))).toContain('c -> tools at p/Dockerfile:2:36 via p');
  });

  it('follows a declared service context', () => {
    const build = '    build:\n      context: c\n      additional_contexts:\n        base: "service:p"\n';
    expect(edgesOf(triggerProject(copyTrigger, 'FROM base\n', build))).toEqual([
      'p -> tools at p/Dockerfile:2:21',
      'c -> p (declared)',
      'c -> tools at p/Dockerfile:2:21 via p',
    ]);
  });

  it('adds one edge for repeated bases', () => {
    const consumer = 'FROM acme/p AS one\nRUN true\nFROM acme/p:latest\nCOPY --from=one /a /a\n';
    const edges = edgesOf(triggerProject(copyTrigger, consumer));
    expect(edges.filter((edge) => edge.startsWith('c -> tools'))).toEqual(['c -> tools at p/Dockerfile:2:21 via p']);
  });

  it('lists each trigger reference once', () => {
    const consumer = 'FROM acme/p AS one\nFROM acme/p\n';
    const { graph } = graphOf(triggerProject(copyTrigger, consumer));
    expect(graph.triggerReferences.get('c')?.map((trigger) => trigger.expanded)).toEqual(['acme/tools']);
  });

  it('resolves trigger to consumer stage', () => {
    const producer = 'FROM alpine\nONBUILD COPY --from=Tools /bin /bin\n';
    const consumer = 'FROM alpine AS tools\nFROM acme/p\n';
    const { graph } = graphOf(triggerProject(producer, consumer));
    expect(graph.triggerReferences.get('c')?.map((trigger) => trigger.target)).toEqual([{ kind: 'stage', stageIndex: 0 }]);
  });

  it('resolves a trigger stage index', () => {
    const producer = 'FROM alpine\nONBUILD COPY --from=0 /bin /bin\n';
    const { graph } = graphOf(triggerProject(producer, 'FROM alpine\nFROM acme/p\n'));
    expect(graph.triggerReferences.get('c')?.map((trigger) => trigger.target)).toEqual([{ kind: 'stage', stageIndex: 0 }]);
  });

  it('skips consumer stage triggers', () => {
    const producer = 'FROM alpine\nONBUILD COPY --from=acme/tools /bin /bin\n';
    const consumer = 'FROM alpine AS acme/tools\nFROM acme/p\n';
    expect(edgesOf(triggerProject(producer, consumer)).filter((edge) => edge.startsWith('c -> tools'))).toEqual([]);
  });

  it('skips declared trigger contexts', () => {
    const build = '    build:\n      context: c\n      additional_contexts:\n        acme/tools: "service:tools"\n';
    expect(edgesOf(triggerProject(copyTrigger, 'FROM acme/p\n', build))).toEqual([
      'p -> tools at p/Dockerfile:2:21',
      'c -> tools (declared)',
      'c -> p at c/Dockerfile:1:6',
    ]);
  });

  it('ignores triggers of other stages', () => {
    const producer = 'FROM alpine AS with-trigger\nONBUILD COPY --from=acme/tools /bin /bin\nFROM alpine\n';
    expect(edgesOf(triggerProject(producer, 'FROM acme/p\n'))).not.toContain('c -> tools at p/Dockerfile:2:21 via p');
  });

  it('follows the build target stage', () => {
    const files = triggerProject('FROM alpine AS with-trigger\nONBUILD COPY --from=acme/tools /bin /bin\nFROM alpine\n', 'FROM acme/p\n');
    files['compose.yaml'] = files['compose.yaml']!.replace('    build: p\n', '    build:\n      context: p\n      target: With-Trigger\n');
    expect(edgesOf(files)).toContain('c -> tools at p/Dockerfile:2:21 via p');
  });

  it('does not pass triggers on', () => {
    const files = triggerProject(copyTrigger, 'FROM acme/p\n', '    image: acme/c\n    build: c\n');
    files['compose.yaml'] += '  d:\n    build: d\n';
    files['d/Dockerfile'] = 'FROM acme/c\n';
    expect(edgesOf(files).filter((edge) => edge.startsWith('d -> '))).toEqual(['d -> c at d/Dockerfile:1:6']);
  });

  it('skips a trigger with a variable', () => {
    const producer = 'FROM alpine\nONBUILD COPY --from=$TOOLS /bin /bin\n';
    const { graph } = graphOf(triggerProject(producer, 'FROM acme/p\n'));
    expect(graph.triggerReferences.get('c')?.map((trigger) => trigger.target.kind)).toEqual(['unresolved']);
  });

  it('reports the inherited edge as undeclared', () => {
    const root = writeProject(triggerProject(copyTrigger, 'FROM acme/p\n'));
    const messages = lintDirectory(root)
      .findings.filter((finding) => finding.ruleId === 'undeclared-build-dependency')
      .map((finding) => finding.message);
    expect(messages.some((message) => message.startsWith('Service "c" builds from "acme/tools"'))).toBe(true);
  });
});
