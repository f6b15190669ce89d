import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { createFileExclusively, deleteFileIfUnchanged } from '../src/fix/files.js';
import { WriteRejected } from '../src/fix/write.js';
import { run } from './support/cli.js';
import { writeProject } from './support/project.js';

describe('createFileExclusively', () => {
  it('writes the text', () => {
    const root = writeProject({ 'compose.yaml': 'services: {}\n' });
    createFileExclusively(join(root, 'Dockerfile'), 'FROM alpine\n', root);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe('FROM alpine\n');
  });

  it('leaves no temporary file', () => {
    const root = writeProject({ 'compose.yaml': 'services: {}\n' });
    createFileExclusively(join(root, 'Dockerfile'), 'FROM alpine\n', root);
    expect(readdirSync(root).sort()).toEqual(['Dockerfile', 'compose.yaml']);
  });

  it('rejects an existing file', () => {
    const root = writeProject({ Dockerfile: 'FROM scratch\n' });
    expect(() => createFileExclusively(join(root, 'Dockerfile'), 'FROM alpine\n', root)).toThrow(WriteRejected);
    expect(readFileSync(join(root, 'Dockerfile'), 'utf8')).toBe('FROM scratch\n');
  });

  it('rejects a path outside the root', () => {
    const root = writeProject({ 'compose.yaml': 'services: {}\n' });
    const outside = join(root, '..', 'Dockerfile');
    expect(() => createFileExclusively(outside, 'FROM alpine\n', root)).toThrow(/outside the project directory/);
    expect(existsSync(outside)).toBe(false);
  });

  it('rejects a symbolic link out of the root', () => {
    const root = writeProject({ 'compose.yaml': 'services: {}\n' });
    const elsewhere = mkdtempSync(join(tmpdir(), 'compose-lint-elsewhere-'));
    symlinkSync(elsewhere, join(root, 'linked'));
    expect(() => createFileExclusively(join(root, 'linked', 'Dockerfile'), 'FROM alpine\n', root)).toThrow(/outside the project directory/);
    expect(existsSync(join(elsewhere, 'Dockerfile'))).toBe(false);
  });
});

describe('deleteFileIfUnchanged', () => {
  it('deletes the file', () => {
    const root = writeProject({ 'a.Dockerfile': 'FROM alpine\n' });
    deleteFileIfUnchanged(join(root, 'a.Dockerfile'), 'FROM alpine\n', root);
    expect(existsSync(join(root, 'a.Dockerfile'))).toBe(false);
  });

  it('keeps a file changed meanwhile', () => {
    const root = writeProject({ 'a.Dockerfile': 'FROM alpine\n' });
    writeFileSync(join(root, 'a.Dockerfile'), 'FROM debian\n');
    expect(() => deleteFileIfUnchanged(join(root, 'a.Dockerfile'), 'FROM alpine\n', root)).toThrow(/changed on disk/);
    expect(readFileSync(join(root, 'a.Dockerfile'), 'utf8')).toBe('FROM debian\n');
  });

  it('rejects a path outside the root', () => {
    const parent = mkdtempSync(join(tmpdir(), 'compose-lint-'));
    const root = join(parent, 'project');
    mkdirSync(root);
    writeFileSync(join(parent, 'Dockerfile'), 'FROM alpine\n');
    expect(() => deleteFileIfUnchanged(join(parent, 'Dockerfile'), 'FROM alpine\n', root)).toThrow(WriteRejected);
    expect(existsSync(join(parent, 'Dockerfile'))).toBe(true);
  });
});

describe('unsafe fix options', () => {
  it.each([
    [['lint', '--unsafe'], '--unsafe works with --fix or --fix-dry-run only'],
    [['lint', '--fix', '--remove-old'], '--remove-old works with --unsafe only'],
    [['plan', '--unsafe'], '--unsafe works with --fix or --fix-dry-run only'],
  ])('rejects %j', (args, message) => {
    const result = run(args, writeProject({ 'compose.yaml': 'services: {}\n' }));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
