import type { RobustnessCase } from './case.js';

const compose = 'services:\n  app:\n    build: .\n';

/** Returns a project whose only service builds `.` with this Dockerfile. */
function withDockerfile(text: string | Buffer | (() => string)): RobustnessCase['files'] {
  return { 'compose.yaml': compose, Dockerfile: text };
}

/** Creates a case that expects a Dockerfile syntax error at `line:column` of the Dockerfile. */
function syntaxError(name: string, text: string | Buffer, position: string, message: RegExp): RobustnessCase {
  return { name: `Dockerfile ${name}`, files: withDockerfile(text), expected: { finding: `Dockerfile:${position} dockerfile-syntax`, message } };
}

/** Lines of one length for the 5 MB Dockerfile. */
const runLine = (index: number): string => `RUN echo "step ${String(index).padStart(7, '0')}" && touch /tmp/step\n`;
const largeRunCount = Math.ceil((5 * 1024 * 1024) / runLine(0).length);

/** Builds a 5 MB Dockerfile of RUN lines that ends with an unknown instruction. */
function largeDockerfile(): string {
  const parts = ['FROM alpine\n'];
  for (let index = 0; index < largeRunCount; index++) parts.push(runLine(index));
  parts.push('RUNN echo done\n');
  return parts.join('');
}

/** Builds a Dockerfile of 10,000 stages, each on the one before, and a last stage with an invalid name. */
function manyStages(): string {
  const lines = ['FROM alpine AS stage0'];
  for (let index = 1; index < 10_000; index++) lines.push(`FROM stage${index - 1} AS stage${index}`);
  lines.push('FROM stage9999 AS 0last');
  return `${lines.join('\n')}\n`;
}

export const dockerfileCases: RobustnessCase[] = [
  syntaxError('empty file', '', '1:1', /empty/),
  syntaxError('only comments', '# FROM alpine\n', '1:1', /empty|no FROM/),
  syntaxError('unknown instruction', 'FROM alpine\nFORM alpine\n', '2:1', /Unknown instruction "FORM"/),
  syntaxError('no FROM', 'RUN echo\n', '1:1', /before the first FROM|no FROM/),
  syntaxError('instruction before FROM', 'COPY a /a\nFROM alpine\n', '1:1', /before the first FROM/),
  syntaxError('FROM without image', 'FROM\n', '1:1', /FROM has no image/),
  syntaxError('FROM with extra words', 'FROM alpine AS base extra\n', '1:13', /Invalid FROM arguments/),
  syntaxError('invalid stage name', 'FROM alpine AS 1base\n', '1:16', /Invalid stage name/),
  syntaxError('ADD with --from', 'FROM alpine AS base\nFROM alpine\nADD --from=base /a /a\n', '3:5', /ADD does not support --from/),
  syntaxError('empty --mount', 'FROM alpine\nRUN --mount= echo\n', '2:13', /Invalid --mount value/),
  syntaxError('unterminated --mount quote', "FROM alpine\nRUN --mount='type=bind,\"source=x' echo\n", '2:14', /unterminated quoted field/),
  syntaxError('ONBUILD without instruction', 'FROM alpine\nONBUILD\n', '2:1', /ONBUILD has no instruction/),
  syntaxError('ONBUILD FROM', 'FROM alpine\nONBUILD FROM alpine\n', '2:9', /cannot be an ONBUILD trigger/),
  syntaxError('ARG without name', 'FROM alpine\nARG\n', '2:1', /ARG has no name/),
  syntaxError('ARG with empty name', 'FROM alpine\nARG =value\n', '2:5', /empty name/),
  syntaxError('ENV without value', 'FROM alpine\nENV NAME\n', '2:5', /Invalid ENV arguments/),
  syntaxError('LABEL pair without =', 'FROM alpine\nLABEL team=web extra\n', '2:7', /no = in "extra"/),
  syntaxError('LABEL without value', 'FROM alpine\nLABEL team\n', '2:7', /LABEL must have two arguments/),
  syntaxError('JSON form with a number', 'FROM alpine\nCMD ["echo", 1]\n', '2:5', /Invalid CMD arguments/),
  syntaxError('unterminated heredoc', 'FROM alpine\nRUN <<EOF\necho one\n', '2:5', /Unterminated heredoc/),
  syntaxError('second escape directive', '# escape=`\n# escape=\\\nFROM alpine\n', '2:10', /Only one escape/),
  syntaxError('invalid escape directive', '# escape=x\nFROM alpine\n', '1:10', /Invalid escape character/),
  syntaxError('binary content', Buffer.from(Array.from({ length: 1024 }, (_, index) => (index * 7) % 256)), '1:1', /./),
  {
    name: 'Dockerfile 5 MB',
    files: withDockerfile(largeDockerfile),
    expected: { finding: `Dockerfile:${largeRunCount + 2}:1 dockerfile-syntax`, message: /Unknown instruction "RUNN"/ },
  },
  {
    name: 'Dockerfile 10,000 stages',
    files: withDockerfile(manyStages),
    expected: { finding: 'Dockerfile:10001:19 dockerfile-syntax', message: /Invalid stage name/ },
  },
  {
    name: 'Dockerfile build target missing among 10,000 stages',
    files: { 'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: stage10000\n', Dockerfile: manyStages },
    expected: { finding: 'compose.yaml:5:15 missing-build-target' },
  },
];
