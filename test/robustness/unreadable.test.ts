import { describe, expect, it } from 'vitest';

import { lint } from '../../src/lint.js';
import { InputError } from '../../src/project/errors.js';
import { MemoryHost, projectRoot } from './memory-host.js';

/**
 * A host on which some files exist but cannot be read, as a file of mode
 * 000 is for a user other than root. The command-line cases need a user
 * other than root; this host covers the same paths on every machine.
 */
class UnreadableHost extends MemoryHost {
  constructor(
    files: ReadonlyMap<string, string>,
    readonly unreadable: ReadonlySet<string>,
  ) {
    super(files);
  }

  override readText(path: string): string | undefined {
    return this.unreadable.has(path) ? undefined : super.readText(path);
  }
}

const compose = `${projectRoot}/compose.yaml`;
const dockerfile = `${projectRoot}/Dockerfile`;
const files = new Map([
  [compose, 'services:\n  app:\n    build: .\n'],
  [dockerfile, 'FROM alpine\n'],
]);

describe('unreadable file', () => {
  it('reports the Dockerfile', () => {
    const findings = lint({ path: projectRoot }, new UnreadableHost(files, new Set([dockerfile]))).findings;
    expect(findings.map((finding) => `${finding.ruleId} ${finding.range.start.line}:${finding.range.start.column}`)).toEqual([
      'missing-build-path 3:12',
    ]);
    expect(findings[0]!.message).toBe('The Dockerfile of service "app" cannot be read: Dockerfile. Check its permissions.');
  });

  it('rejects the compose file', () => {
    const host = new UnreadableHost(files, new Set([compose]));
    expect(() => lint({ path: projectRoot }, host)).toThrow(InputError);
    expect(() => lint({ path: projectRoot }, host)).toThrow(`failed to read compose file ${compose}`);
  });
});
