import { basename } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { composeFileNames, overrideFileNames } from '../project/index.js';

/** What the server lints a document as, judged from its name and language id. */
export type DocumentKind = 'compose' | 'dockerfile' | 'other';

/**
 * Names Docker tools treat as Dockerfiles: `Dockerfile`, `Containerfile`,
 * and the `Dockerfile.<suffix>` and `<prefix>.Dockerfile` forms that editors
 * associate with the Dockerfile language, in any letter case.
 */
const dockerfileNamePattern = /^(?:(?:docker|container)file(?:\..+)?|.+\.(?:docker|container)file)$/i;

/**
 * Classifies a document. The name decides first, because clients such as a
 * bare Neovim send an empty language id; `dockerfile` and `dockercompose`
 * language ids also count, for files the user associated by hand.
 */
export function classifyDocument(path: string, languageId = ''): DocumentKind {
  const name = basename(path);
  if (composeFileNames.includes(name) || overrideFileNames.includes(name) || languageId === 'dockercompose') return 'compose';
  if (dockerfileNamePattern.test(name) || languageId === 'dockerfile') return 'dockerfile';
  return 'other';
}

/** The absolute path of a `file:` URI, or `undefined` for other schemes (`untitled:`) and malformed URIs. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}
