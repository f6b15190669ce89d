import type { RobustnessCase } from './case.js';

/** Returns a project whose service builds `.` and has `image: <value>`, so the value starts on line 4 at column 12. */
function withImage(value: string): RobustnessCase['files'] {
  return { 'compose.yaml': `services:\n  app:\n    build: .\n    image: ${value}\n`, Dockerfile: 'FROM alpine\n' };
}

export const interpolationCases: RobustnessCase[] = [
  {
    name: 'unterminated ${',
    files: withImage('"app-${TAG"'),
    expected: { finding: 'compose.yaml:4:17 compose-interpolation', message: /invalid interpolation format/ },
  },
  {
    name: 'unterminated nested ${',
    files: withImage('"${A:-${B:-${C"'),
    expected: { finding: 'compose.yaml:4:13 compose-interpolation', message: /invalid interpolation format/ },
  },
  {
    name: 'empty ${}',
    files: withImage('"${}"'),
    expected: { finding: 'compose.yaml:4:13 compose-interpolation', message: /invalid interpolation format/ },
  },
  {
    name: 'required variable missing',
    files: withImage('"${TAG:?set TAG to the release}"'),
    expected: { finding: 'compose.yaml:4:13 compose-interpolation', message: /TAG/ },
  },
  {
    name: 'required variable empty',
    files: { ...withImage('"${TAG:?must not be empty}"'), '.env': 'TAG=\n' },
    expected: { finding: 'compose.yaml:4:13 compose-interpolation', message: /TAG/ },
  },
  {
    name: 'escaped dollars',
    files: {
      'compose.yaml':
        'services:\n  app:\n    image: "app-$$HOME-$${TAG}"\n    build:\n      context: .\n      args:\n        PRICE: "$$5"\n',
      Dockerfile: 'FROM alpine\nARG PRICE\n',
    },
    expected: { clean: true },
  },
  {
    name: 'escaped dollar before ${',
    files: withImage('"$${"'),
    expected: { clean: true },
  },
  {
    name: 'unterminated ${ in .env',
    files: { ...withImage('"app-${TAG}"'), '.env': 'TAG=${OTHER\n' },
    expected: { finding: '.env:1:5 compose-interpolation', message: /invalid interpolation format for TAG/ },
  },
];
