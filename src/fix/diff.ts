import { createTwoFilesPatch } from 'diff';

/** A unified diff of one file, as `git diff` prints it, with paths shown as given. */
export function unifiedDiff(displayPath: string, before: string, after: string): string {
  return patch(`a/${displayPath}`, `b/${displayPath}`, before, after);
}

/** Returns a unified diff that creates a file, from `/dev/null` as `git diff` prints it. */
export function creationDiff(displayPath: string, text: string): string {
  return patch('/dev/null', `b/${displayPath}`, '', text);
}

/** Returns a unified diff that deletes a file, to `/dev/null` as `git diff` prints it. */
export function deletionDiff(displayPath: string, text: string): string {
  return patch(`a/${displayPath}`, '/dev/null', text, '');
}

function patch(oldName: string, newName: string, before: string, after: string): string {
  return createTwoFilesPatch(oldName, newName, before, after, undefined, undefined, { context: 3 })
    .split('\n')
    .filter((line) => !line.startsWith('====='))
    .join('\n');
}
