import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol/node';

import { copyFixture, run } from './support/cli.js';
import { applyEdit, LspClient, parseMessages, uri } from './support/lsp-client.js';
import { writeProject } from './support/project.js';

// Each test starts a server process, which takes seconds on a loaded machine.
vi.setConfig({ testTimeout: 60_000 });

const undeclared = 'undeclared-build-dependency';
const missingTarget = 'missing-build-target';

const clients: LspClient[] = [];

/** Starts a server for one test; `afterEach` stops any that the test left running. */
function startClient(env: Record<string, string> = {}): LspClient {
  const client = new LspClient(env);
  clients.push(client);
  return client;
}

afterEach(() => {
  for (const client of clients.splice(0)) client.kill();
});

const withCode = (code: string) => (diagnostics: Diagnostic[]) => diagnostics.filter((diagnostic) => diagnostic.code === code);
const hasCode = (code: string) => (diagnostics: Diagnostic[]) => withCode(code)(diagnostics).length > 0;
const lacksCode = (code: string) => (diagnostics: Diagnostic[]) => withCode(code)(diagnostics).length === 0;

/** The fixture whose service b builds `FROM service_a` without declaring it, copied so edits can write. */
function copyServiceImageBase(): { root: string; compose: string; dockerfile: string } {
  const root = copyFixture('fixtures/dependent-images/service-image-base');
  return { root, compose: join(root, 'compose.yaml'), dockerfile: join(root, 'b.Dockerfile') };
}

/** A service whose `target: build` names no stage once the Dockerfile renames its stage. */
const targetProject = {
  'compose.yaml': 'services:\n  app:\n    build:\n      context: .\n      target: build\n',
  Dockerfile: 'FROM alpine AS build\nRUN true\n',
};

describe('language server diagnostics', () => {
  it('reports the undeclared dependency range', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);

    const diagnostics = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]!.range).toEqual({ start: { line: 0, character: 5 }, end: { line: 0, character: 14 } });
    expect(diagnostics[0]!.severity).toBe(1);
    expect(diagnostics[0]!.source).toBe('compose-lint');
    expect(diagnostics[0]!.codeDescription?.href).toMatch(/\/rules\/undeclared-build-dependency\.md$/);
  });

  it('links the producing service', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);

    const [diagnostic] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));
    const related = diagnostic!.relatedInformation ?? [];
    expect(related.map((information) => information.location.uri)).toContain(uri(compose));
  });

  it('counts columns in UTF-16 units', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const line = 'COPY --chown=caf\u00e9\u{1F600} --from=service_a /app /app';
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile, `FROM alpine\n${line}\n`);

    const [diagnostic] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));
    const start = line.indexOf('service_a');
    expect(diagnostic!.range).toEqual({ start: { line: 1, character: start }, end: { line: 1, character: start + 9 } });
  });

  it('reads unsaved text over the disk', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile, 'FROM alpine\n');

    const diagnostics = await client.waitForDiagnostics(dockerfile, () => true);
    expect(withCode(undeclared)(diagnostics)).toEqual([]);
  });

  it('publishes for files not open', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(compose);

    const diagnostics = await client.waitForDiagnostics(dockerfile, hasCode(undeclared));
    expect(withCode(undeclared)(diagnostics)).toHaveLength(1);
  });

  it('updates on change', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    await client.replace(dockerfile, 'FROM alpine\n');
    const cleared = await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    expect(withCode(undeclared)(cleared)).toEqual([]);

    await client.replace(dockerfile, 'ARG BASE=alpine\nFROM service_a\n');
    const [again] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));
    expect(again!.range).toEqual({ start: { line: 1, character: 5 }, end: { line: 1, character: 14 } });
  });

  it('reads the disk after close', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile, 'FROM alpine\n');
    await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));

    await client.close(dockerfile);
    const diagnostics = await client.waitForDiagnostics(dockerfile, hasCode(undeclared));
    expect(withCode(undeclared)(diagnostics)).toHaveLength(1);
  });

  it('lints a saved change once', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    await client.replace(dockerfile, 'FROM alpine\n');
    await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    const lintsBefore = client.logs.filter((entry) => entry.message.startsWith(`linted ${root} `)).length;
    writeFileSync(dockerfile, 'FROM alpine\n');
    await client.save(dockerfile);
    await client.request('textDocument/codeAction', {
      textDocument: { uri: uri(dockerfile) },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    });

    const lintsAfter = client.logs.filter((entry) => entry.message.startsWith(`linted ${root} `)).length;
    expect(lintsAfter).toBe(lintsBefore);
  });
});

describe('language server cross-file updates', () => {
  it('compose edit updates the Dockerfile', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    const text = readFileSync(compose, 'utf8');
    await client.open(compose);
    await client.replace(compose, text.replace('image: service_a', 'image: other_a'));
    const cleared = await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    expect(withCode(undeclared)(cleared)).toEqual([]);

    await client.replace(compose, text);
    const restored = await client.waitForDiagnostics(dockerfile, hasCode(undeclared));
    expect(withCode(undeclared)(restored)).toHaveLength(1);
  });

  it('Dockerfile edit updates the compose file', async () => {
    const root = writeProject(targetProject);
    const compose = join(root, 'compose.yaml');
    const dockerfile = join(root, 'Dockerfile');
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);

    await client.replace(dockerfile, 'FROM alpine AS builder\nRUN true\n');
    const [missing] = withCode(missingTarget)(await client.waitForDiagnostics(compose, hasCode(missingTarget)));
    expect(missing!.range).toEqual({ start: { line: 4, character: 14 }, end: { line: 4, character: 19 } });
  });

  it('clears a file not open', async () => {
    const root = writeProject(targetProject);
    const compose = join(root, 'compose.yaml');
    const dockerfile = join(root, 'Dockerfile');
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile, 'FROM alpine AS builder\n');
    await client.waitForDiagnostics(compose, hasCode(missingTarget));

    await client.replace(dockerfile, 'FROM alpine AS build\n');
    const cleared = await client.waitForDiagnostics(compose, (diagnostics) => diagnostics.length === 0);
    expect(cleared).toEqual([]);
  });

  it('follows disk changes of watched files', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    const text = readFileSync(compose, 'utf8');
    writeFileSync(compose, text.replace('image: service_a', 'image: other_a'));
    await client.changeWatchedFiles([{ uri: uri(compose), type: 2 }]);
    const cleared = await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    expect(withCode(undeclared)(cleared)).toEqual([]);
  });

  it('follows a new configuration file', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    const config = join(root, '.compose-lint.yaml');
    writeFileSync(config, `rules:\n  ${undeclared}: off\n`);
    await client.changeWatchedFiles([{ uri: uri(config), type: 1 }]);
    const cleared = await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    expect(withCode(undeclared)(cleared)).toEqual([]);
  });

  it('registers file watchers', async () => {
    const { root } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);

    const registration = await client.waitFor('a watcher registration', () =>
      client.registrations.find((entry) => entry.method === 'workspace/didChangeWatchedFiles'),
    );
    const watchers = (registration.registerOptions as { watchers: Array<{ globPattern: string }> }).watchers;
    expect(watchers.map((watcher) => watcher.globPattern)).toContain('**/{compose,docker-compose}*.{yml,yaml}');
  });
});

describe('language server code actions', () => {
  /** Opens the fixture's Dockerfile and returns its diagnostic and the code actions at it. */
  async function requestActions(client: LspClient, root: string, dockerfile: string) {
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    const [diagnostic] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));
    const actions = (await client.codeActions(dockerfile, diagnostic!.range, [diagnostic!])) as CodeAction[];
    return { diagnostic: diagnostic!, actions };
  }

  it('quick fix clears the diagnostic', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    const { diagnostic, actions } = await requestActions(client, root, dockerfile);

    const fix = actions.find((action) => action.isPreferred === true);
    expect(fix?.kind).toBe('quickfix');
    expect(fix?.diagnostics).toEqual([diagnostic]);

    const [change] = (fix!.edit!.documentChanges ?? []) as TextDocumentEdit[];
    expect(change!.textDocument).toEqual({ uri: uri(compose), version: null });

    await client.open(compose);
    await client.applyEdits(compose, change!.edits);
    const cleared = await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    expect(withCode(undeclared)(cleared)).toEqual([]);
    expect(client.text(compose)).toContain('service_a: "service:a"');
  });

  it('quick fix written to disk', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    const { actions } = await requestActions(client, root, dockerfile);

    const fix = actions.find((action) => action.isPreferred === true);
    const [change] = (fix!.edit!.documentChanges ?? []) as TextDocumentEdit[];
    const edits = [...change!.edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    const text = edits.reduce(applyEdit, readFileSync(compose, 'utf8'));
    writeFileSync(compose, text);
    await client.changeWatchedFiles([{ uri: uri(compose), type: 2 }]);

    const cleared = await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    expect(withCode(undeclared)(cleared)).toEqual([]);
  });

  it('versions edits of open files', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(compose);
    await client.replace(compose, `${readFileSync(compose, 'utf8')}# edited\n`);
    await client.open(dockerfile);
    const [diagnostic] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));

    const actions = (await client.codeActions(dockerfile, diagnostic!.range, [diagnostic!])) as CodeAction[];
    const fix = actions.find((action) => action.isPreferred === true);
    const [change] = (fix!.edit!.documentChanges ?? []) as TextDocumentEdit[];
    expect(change!.textDocument).toEqual({ uri: uri(compose), version: 2 });
  });

  it('offers disabling the rule', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    const { actions } = await requestActions(client, root, dockerfile);

    const disable = actions.find((action) => action.title === `Disable ${undeclared} for this line`);
    const [change] = (disable!.edit!.documentChanges ?? []) as TextDocumentEdit[];
    expect(disable!.kind).toBe('quickfix');
    expect(change!.textDocument).toEqual({ uri: uri(dockerfile), version: 1 });
    expect(change!.edits).toEqual([
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# compose-lint-disable-next-line ${undeclared}\n` },
    ]);
  });

  it('uses plain changes without documentChanges', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }], { debounceMilliseconds: 0 }, {});
    await client.open(dockerfile);
    const [diagnostic] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));

    const actions = (await client.codeActions(dockerfile, diagnostic!.range)) as CodeAction[];
    const fix = actions.find((action) => action.isPreferred === true);
    expect(Object.keys(fix!.edit!.changes ?? {})).toEqual([uri(compose)]);
  });

  it('returns nothing for other kinds', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    const [diagnostic] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));

    expect(await client.codeActions(dockerfile, diagnostic!.range, [diagnostic!], ['refactor'])).toEqual([]);
  });

  it('computes fixes again after an edit', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    const before = await requestActions(client, root, dockerfile);
    const firstEdit = () => ((before.actions.find((action) => action.isPreferred === true)!.edit!.documentChanges ?? []) as TextDocumentEdit[])[0]!.edits[0]!;

    // A comment line at the top moves every line of the compose file down by one.
    await client.open(compose);
    await client.replace(compose, `# moved\n${readFileSync(compose, 'utf8')}`);
    const [diagnostic] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));
    const actions = (await client.codeActions(dockerfile, diagnostic!.range, [diagnostic!])) as CodeAction[];
    const [change] = (actions.find((action) => action.isPreferred === true)!.edit!.documentChanges ?? []) as TextDocumentEdit[];

    expect(change!.edits[0]!.range.start.line).toBe(firstEdit().range.start.line + 1);
  });

  it('lints pending changes before answering', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }], { debounceMilliseconds: 60_000 });
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    await client.replace(dockerfile, '# base image\nFROM service_a\n');
    const range = { start: { line: 1, character: 5 }, end: { line: 1, character: 14 } };
    const actions = (await client.codeActions(dockerfile, range)) as CodeAction[];
    const disable = actions.find((action) => action.title === `Disable ${undeclared} for this line`);
    const [change] = (disable!.edit!.documentChanges ?? []) as TextDocumentEdit[];
    expect(change!.edits[0]!.range.start).toEqual({ line: 1, character: 0 });
  });
});

describe('language server projects', () => {
  it('lints several projects separately', async () => {
    const first = copyServiceImageBase();
    const second = copyServiceImageBase();
    const client = startClient();
    await client.initialize([
      { uri: uri(first.root), name: 'first' },
      { uri: uri(second.root), name: 'second' },
    ]);
    await client.open(first.dockerfile);
    await client.open(second.dockerfile);
    await client.waitForDiagnostics(first.dockerfile, hasCode(undeclared));
    await client.waitForDiagnostics(second.dockerfile, hasCode(undeclared));

    const secondLints = () => client.logs.filter((entry) => entry.message.startsWith(`linted ${second.root} `)).length;
    const before = secondLints();
    await client.replace(first.dockerfile, 'FROM alpine\n');
    await client.waitForDiagnostics(first.dockerfile, lacksCode(undeclared));
    expect(secondLints()).toBe(before);
  });

  it('finds a Dockerfile through its project', async () => {
    // No compose file sits above images/b, so only the project that builds it can lint it.
    const root = writeProject({
      'app/compose.yaml': 'services:\n  a:\n    image: service_a\n    build: ./a\n  b:\n    build: ../images/b\n',
      'app/a/Dockerfile': 'FROM alpine\n',
      'images/b/Dockerfile': 'FROM service_a\n',
    });
    const compose = join(root, 'app/compose.yaml');
    const dockerfile = join(root, 'images/b/Dockerfile');
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(compose);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    await client.open(dockerfile);
    await client.replace(dockerfile, 'FROM alpine\n');
    const cleared = await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    expect(withCode(undeclared)(cleared)).toEqual([]);
  });

  it('finds the nearest project above', async () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  a:\n    image: service_a\n    build: ./a\n  b:\n    build: ./nested/b\n',
      'a/Dockerfile': 'FROM alpine\n',
      'nested/b/Dockerfile': 'FROM service_a\n',
    });
    const dockerfile = join(root, 'nested/b/Dockerfile');
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);

    const diagnostics = await client.waitForDiagnostics(dockerfile, hasCode(undeclared));
    expect(withCode(undeclared)(diagnostics)).toHaveLength(1);
  });

  it('lints a nested compose project', async () => {
    // The outer project builds from sub/, and its lint lists that directory.
    const root = writeProject({
      'compose.yaml': 'services:\n  outer:\n    build: ./sub\n',
      'sub/Dockerfile': 'FROM alpine\n',
      'sub/compose.yaml': 'services:\n  a:\n    image: service_a\n    build: ./a\n  b:\n    build: ./b\n',
      'sub/a/Dockerfile': 'FROM alpine\n',
      'sub/b/Dockerfile': 'FROM service_a\n',
    });
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(join(root, 'compose.yaml'));
    await client.waitFor('the outer project lint', () => client.logs.find((entry) => entry.message.startsWith(`linted ${root} `)));

    await client.open(join(root, 'sub/compose.yaml'));
    const diagnostics = await client.waitForDiagnostics(join(root, 'sub/b/Dockerfile'), hasCode(undeclared));
    expect(withCode(undeclared)(diagnostics)).toHaveLength(1);
  });

  it('clears a removed workspace folder', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    const folder = { uri: uri(root), name: 'root' };
    await client.initialize([folder]);
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    await client.removeWorkspaceFolder(folder);
    const cleared = await client.waitForDiagnostics(dockerfile, (diagnostics) => diagnostics.length === 0);
    expect(cleared).toEqual([]);
  });

  it('drops a project without compose file', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    writeFileSync(join(root, 'moved.yaml'), readFileSync(compose));
    rmSync(compose);
    await client.changeWatchedFiles([{ uri: uri(compose), type: 3 }]);
    const cleared = await client.waitForDiagnostics(dockerfile, (diagnostics) => diagnostics.length === 0);
    expect(cleared).toEqual([]);
  });

  it('debounces a burst of changes', async () => {
    const { root, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }], { debounceMilliseconds: 1000 });
    await client.open(dockerfile);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));

    const lints = () => client.logs.filter((entry) => entry.message.startsWith(`linted ${root} `)).length;
    const before = lints();
    for (const base of ['alpine', 'debian', 'ubuntu', 'busybox']) await client.replace(dockerfile, `FROM ${base}\n`);
    await client.waitForDiagnostics(dockerfile, lacksCode(undeclared));
    expect(lints() - before).toBe(1);
  });
});

describe('language server robustness', () => {
  it('survives malformed input', async () => {
    const root = writeProject({ 'compose.yaml': 'services: [\n', Dockerfile: 'FROM alpine\n' });
    const compose = join(root, 'compose.yaml');
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(compose);
    await client.open(join(root, 'Dockerfile'), 'FROM \\\n\n<<EOF\n\u0000\uD800');
    await client.open('/dev/null/not-a-file', 'FROM alpine\n', 'dockerfile');
    await client.notify('textDocument/didOpen', { textDocument: { uri: 'untitled:Untitled-1', languageId: 'dockerfile', version: 1, text: 'FROM x' } });
    await client.notify('textDocument/didChange', { textDocument: { uri: 'file:///nowhere/compose.yaml', version: 2 }, contentChanges: [{ text: '' }] });
    await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 1 }] });
    await client.codeActions(join(root, 'missing.Dockerfile'), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });

    const diagnostics = await client.waitForDiagnostics(compose, hasCode('yaml-syntax'));
    expect(withCode('yaml-syntax')(diagnostics).length).toBeGreaterThan(0);
    expect(await client.shutdown()).toBe(0);
  });

  it('shows a project that cannot load', async () => {
    const root = writeProject({ 'compose.yaml': 'services:\n  a:\n    image: alpine\n' });
    const compose = join(root, 'compose.yaml');
    const client = startClient({ COMPOSE_PROJECT_NAME: 'Not A Valid Name' });
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(compose);

    const [diagnostic] = await client.waitForDiagnostics(compose, hasCode('input-error'));
    expect(diagnostic!.range.start).toEqual({ line: 0, character: 0 });
    expect(client.logs.some((entry) => entry.type === 1 && entry.message.includes(root))).toBe(true);
  });

  it('ignores files outside projects', async () => {
    const root = writeProject({ 'notes.yaml': 'a: [\n', 'docker/Dockerfile': 'FROM alpine\n' });
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(join(root, 'notes.yaml'));
    await client.open(join(root, 'docker/Dockerfile'));

    await client.waitFor('the log entry about the Dockerfile', () => client.logs.find((entry) => entry.message.includes('no compose file found')));
    expect(client.publications.filter((publication) => publication.diagnostics.length > 0)).toEqual([]);
  });

  it('writes only JSON-RPC to stdout', async () => {
    const { root, compose, dockerfile } = copyServiceImageBase();
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    await client.open(compose);
    await client.waitForDiagnostics(dockerfile, hasCode(undeclared));
    await client.replace(compose, 'services: {');
    await client.waitForDiagnostics(compose, hasCode('yaml-syntax'));
    expect(await client.shutdown()).toBe(0);

    const messages = parseMessages(client.stdout);
    expect(messages.length).toBeGreaterThan(3);
    expect(messages.every((message) => (message as { jsonrpc?: string }).jsonrpc === '2.0')).toBe(true);
    expect(client.stderr).toBe('');
  });

  it('exits 1 without shutdown', async () => {
    const client = startClient();
    await client.initialize([]);
    await client.notify('exit', undefined);
    expect(await client.exited).toBe(1);
  });
});

describe('lsp command line', () => {
  it.each([[['lsp']], [['lsp', '--socket=4000']], [['lsp', '--stdio', 'extra']]])('rejects %j', (args) => {
    const result = run(args);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^compose-lint: lsp/);
  });

  it('lists lsp in the help', () => {
    expect(run(['--help']).stdout).toContain('lsp --stdio');
  });
});

describe('disable comment edits', () => {
  it('skips a configuration file', async () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  a:\n    image: alpine\n',
      '.compose-lint.yaml': 'rules:\n  no-such-rule: error\n',
    });
    const config = join(root, '.compose-lint.yaml');
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(join(root, 'compose.yaml'));
    const [diagnostic] = withCode('config')(await client.waitForDiagnostics(config, hasCode('config')));

    const actions = (await client.codeActions(config, diagnostic!.range)) as CodeAction[];
    expect(actions.map((action) => action.title)).toEqual([]);
  });

  it('extends an existing disable comment', async () => {
    const root = writeProject({
      'compose.yaml': 'services:\n  a:\n    image: service_a\n    build: ./a\n  b:\n    build: ./b\n',
      'a/Dockerfile': 'FROM alpine\n',
      'b/Dockerfile': '# syntax=docker/dockerfile:1\n  # compose-lint-disable-next-line build-cycle\nFROM service_a\n',
    });
    const dockerfile = join(root, 'b/Dockerfile');
    const client = startClient();
    await client.initialize([{ uri: uri(root), name: 'root' }]);
    await client.open(dockerfile);
    const [diagnostic] = withCode(undeclared)(await client.waitForDiagnostics(dockerfile, hasCode(undeclared)));

    const actions = (await client.codeActions(dockerfile, diagnostic!.range)) as CodeAction[];
    const disable = actions.find((action) => action.title === `Disable ${undeclared} for this line`);
    const [change] = (disable!.edit!.documentChanges ?? []) as TextDocumentEdit[];
    expect(change!.edits).toEqual([{ range: { start: { line: 1, character: 46 }, end: { line: 1, character: 46 } }, newText: `, ${undeclared}` }]);
  });
});
