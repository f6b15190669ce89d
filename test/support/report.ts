import { run } from './cli.js';
import { writeProject } from './project.js';

/** Service "b" builds from the image service "a" builds without declaring it: one error with a related location and a fix. */
export const dependentProject: Record<string, string> = {
  'compose.yaml': [
    'services:',
    '  a:',
    '    image: service_a',
    '    build:',
    '      dockerfile: a.Dockerfile',
    '  b:',
    '    image: service_b',
    '    build:',
    '      dockerfile: b.Dockerfile',
    '',
  ].join('\n'),
  'a.Dockerfile': 'FROM alpine\n',
  'b.Dockerfile': 'FROM service_a\n',
};

/** Writes `files` to a new project and runs `compose-lint lint ARGS` in it. */
export function lintProject(files: Record<string, string>, args: string[]) {
  const root = writeProject(files);
  return { root, ...run(['lint', ...args], root) };
}

/** Runs `compose-lint lint --format FORMAT` in a new project. */
export function reportOf(files: Record<string, string>, format: string, args: string[] = []) {
  return lintProject(files, ['--format', format, ...args]);
}
