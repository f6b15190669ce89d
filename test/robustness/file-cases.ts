import { accessSync, chmodSync, constants, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

import type { RobustnessCase } from './case.js';

const service = 'services:\n  app:\n    build: .\n';

/**
 * Makes a file unreadable, or returns why it cannot: root reads a file of
 * mode 000, and CI often runs as root.
 */
function makeUnreadable(path: string): string | undefined {
  chmodSync(path, 0o000);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    return undefined;
  }
  return 'a file of mode 000 stays readable for this user (root), so it cannot be made unreadable';
}

/**
 * Thirty wildcard segments under `sub`, where the links `sub/a`, `sub/b` and
 * `sub/c` lead back to the context root: every second segment triples the
 * paths that match, so walking them all would never end.
 */
const wildcards = `sub/${Array(30).fill('*').join('/')}`;

export const fileCases: RobustnessCase[] = [
  {
    name: 'missing -f file',
    files: { 'compose.yaml': service, Dockerfile: 'FROM alpine\n' },
    args: ['-f', 'missing.yaml'],
    expected: { exit: 2, file: 'missing.yaml', message: /not found/ },
  },
  {
    name: 'missing PATH',
    files: {},
    args: ['missing'],
    expected: { exit: 2, file: 'missing', message: /not found/ },
  },
  {
    name: 'missing --env-file',
    files: { 'compose.yaml': service, Dockerfile: 'FROM alpine\n' },
    args: ['--env-file', 'missing.env'],
    expected: { exit: 2, file: 'missing.env', message: /not found|does not exist|failed/ },
  },
  {
    name: 'no compose file',
    files: { Dockerfile: 'FROM alpine\n' },
    expected: { exit: 2, file: '', message: /no compose file|not found/i },
  },
  {
    name: 'directory as -f file',
    files: {},
    prepare: (root) => void mkdirSync(join(root, 'compose.yaml')),
    args: ['-f', 'compose.yaml'],
    expected: { exit: 2, file: 'compose.yaml', message: /directory/ },
  },
  {
    name: 'directory as compose file',
    files: {},
    prepare: (root) => void mkdirSync(join(root, 'compose.yaml')),
    expected: { exit: 2, file: '', message: /compose file/ },
  },
  {
    name: 'directory as Dockerfile',
    files: { 'compose.yaml': service },
    prepare: (root) => void mkdirSync(join(root, 'Dockerfile')),
    expected: { finding: 'compose.yaml:3:12 missing-build-path', message: /is not a file/ },
  },
  {
    name: 'directory as env file',
    files: { 'compose.yaml': service, Dockerfile: 'FROM alpine\n' },
    prepare: (root) => void mkdirSync(join(root, 'settings.env')),
    args: ['--env-file', 'settings.env'],
    expected: { exit: 2, file: 'settings.env', message: /settings\.env/ },
  },
  {
    name: 'unreadable compose file',
    files: { 'compose.yaml': service, Dockerfile: 'FROM alpine\n' },
    prepare: (root) => makeUnreadable(join(root, 'compose.yaml')),
    expected: { exit: 2, file: 'compose.yaml', message: /read/ },
  },
  {
    name: 'unreadable Dockerfile',
    files: { 'compose.yaml': service, Dockerfile: 'FROM alpine\n' },
    prepare: (root) => makeUnreadable(join(root, 'Dockerfile')),
    expected: { finding: 'compose.yaml:3:12 missing-build-path', message: /cannot be read/ },
  },
  {
    name: 'symlink loop in context',
    files: {
      'compose.yaml': 'services:\n  app:\n    build: app\n',
      'app/Dockerfile': 'FROM alpine\nCOPY a /a\nCOPY */x /x\nCOPY a/* /y\n',
    },
    prepare: (root) => {
      symlinkSync('b', join(root, 'app/a'));
      symlinkSync('a', join(root, 'app/b'));
      return undefined;
    },
    expected: { finding: 'app/Dockerfile:2:6 copy-source-missing' },
  },
  {
    name: 'symlink to ancestor in context',
    files: {
      'compose.yaml': 'services:\n  app:\n    build: app\n',
      'app/Dockerfile': `FROM alpine\nCOPY ${wildcards} /deep\nCOPY sub/a/sub/b/missing /missing\n`,
      'app/sub/file': 'content\n',
    },
    prepare: (root) => {
      for (const name of ['a', 'b', 'c']) symlinkSync('..', join(root, 'app/sub', name));
      return undefined;
    },
    expected: { finding: 'app/Dockerfile:3:6 copy-source-missing' },
  },
  {
    name: 'symlink loop under re-included directory',
    files: {
      'compose.yaml': 'services:\n  app:\n    build: app\n',
      'app/.dockerignore': 'cache\n!cache/keep\n',
      'app/Dockerfile': 'FROM alpine\nCOPY cache /cache\nCOPY missing /missing\n',
      'app/cache/data': 'content\n',
    },
    prepare: (root) => {
      symlinkSync('..', join(root, 'app/cache/loop'));
      return undefined;
    },
    expected: { finding: 'app/Dockerfile:3:6 copy-source-missing' },
  },
  {
    name: 'invalid .dockerignore pattern',
    files: {
      'compose.yaml': service,
      '.dockerignore': '[tests\n',
      Dockerfile: 'FROM alpine\nCOPY missing /missing\n',
    },
    // BuildKit rejects the pattern; compose-lint cannot match paths against it, so it checks no source.
    expected: { clean: true },
  },
  {
    name: 'Dockerfile outside the context',
    files: {
      'compose.yaml': 'services:\n  app:\n    build:\n      context: app\n      dockerfile: ../outside.Dockerfile\n',
      'outside.Dockerfile': 'FROM alpine\nCOPY file /file\n',
      'app/file': 'content\n',
    },
    expected: { clean: true },
  },
  {
    name: 'include cycle',
    files: {
      'compose.yaml': 'include:\n  - other.yaml\nservices:\n  app:\n    image: alpine\n',
      'other.yaml': 'include:\n  - compose.yaml\nservices:\n  tool:\n    image: alpine\n',
    },
    expected: { finding: 'other.yaml:2:5 compose-schema', message: /include cycle/ },
  },
  {
    name: 'include of itself',
    files: { 'compose.yaml': 'include:\n  - compose.yaml\nservices:\n  app:\n    image: alpine\n' },
    expected: { finding: 'compose.yaml:2:5 compose-schema', message: /include cycle/ },
  },
  {
    name: 'extends cycle in one file',
    files: { 'compose.yaml': 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n' },
    expected: { finding: 'compose.yaml:5:14 compose-schema', message: /circular extends/ },
  },
  {
    name: 'extends cycle across files',
    files: {
      'compose.yaml': 'services:\n  a:\n    extends:\n      file: other.yaml\n      service: b\n',
      'other.yaml': 'services:\n  b:\n    extends:\n      file: compose.yaml\n      service: a\n',
    },
    expected: { finding: 'other.yaml:5:16 compose-schema', message: /circular extends/ },
  },
  {
    name: 'extends of itself',
    files: { 'compose.yaml': 'services:\n  a:\n    extends: a\n' },
    expected: { finding: 'compose.yaml:3:14 compose-schema', message: /circular extends/ },
  },
];
