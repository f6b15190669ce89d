import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { run } from '../support/cli.js';
import { writeProject } from '../support/project.js';

/** The escape character that starts terminal control sequences. */
const escape = '\u001b';

describe('hostile text in output', () => {
  const dockerfile = `FROM alpine\n${escape}[2J${escape}]0;title\u0007 x\n`;

  it.each(['stylish', 'compact', 'github', 'json'])('%s escapes control characters', (format) => {
    const root = writeProject({ 'compose.yaml': 'services:\n  app:\n    build: .\n', Dockerfile: dockerfile });
    const result = run(['lint', '--format', format], root);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('Unknown instruction');
    expect(result.stdout).not.toContain(escape);
    expect(result.stdout).not.toContain('\u0007');
  });

  it('order script runs no injected command', () => {
    // A service name with line breaks, as a quoted YAML key, that a shell would run as commands.
    const marker = 'created-by-the-service-name';
    const name = `base\\ntouch ${marker}\\n`;
    const root = writeProject({
      'compose.yaml': [
        'services:',
        `  "${name}":`,
        '    image: acme/base',
        '    build: base',
        '  app:',
        '    build:',
        '      context: app',
        '      additional_contexts:',
        `        acme/base: "service:${name}"`,
        '',
      ].join('\n'),
      'base/Dockerfile': 'FROM alpine\n',
      'app/Dockerfile': 'FROM acme/base\n',
    });
    const order = run(['order'], root);
    expect(order.status).toBe(0);
    writeFileSync(join(root, 'order.sh'), order.stdout);

    // A `docker` that does nothing, so the script runs without Docker.
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin/docker'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(root, 'bin/docker'), 0o755);
    const script = spawnSync('sh', ['order.sh'], { cwd: root, env: { PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}` } });

    expect(script.status).toBe(0);
    expect(existsSync(join(root, marker))).toBe(false);
  });
});
