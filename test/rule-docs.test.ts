import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { rules } from '../rules/index.js';
import { isEnabledByDefault } from '../src/engine/rule.js';
import { describeFinding, lintDirectory, writeProject } from './support/project.js';

/** One `## Wrong` or `## Right` section of a rule's docs page. */
interface Example {
  kind: 'wrong' | 'right';
  files: Record<string, string>;
  expected: string[];
}

/**
 * Reads the examples of a docs page: fenced blocks tagged `file=PATH` are
 * project files, and a `text expected` block lists the findings the example
 * must produce, one `path:start-end rule-id` a line.
 */
function readExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  let current: Example | undefined;
  const lines = markdown.split('\n');

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const heading = /^## (Wrong|Right)\b/.exec(line);
    if (heading !== null) {
      current = { kind: heading[1] === 'Wrong' ? 'wrong' : 'right', files: {}, expected: [] };
      examples.push(current);
      continue;
    }
    if (line.startsWith('## ')) current = undefined;

    const fence = /^```(\w+)\s*(.*)$/.exec(line);
    if (fence === null || current === undefined) continue;

    const body: string[] = [];
    for (index++; index < lines.length && lines[index] !== '```'; index++) body.push(lines[index]!);

    const file = /file=(\S+)/.exec(fence[2]!);
    if (file !== null) current.files[file[1]!] = `${body.join('\n')}\n`;
    else if (fence[2] === 'expected') current.expected.push(...body.filter((entry) => entry.trim() !== ''));
  }
  return examples;
}

describe.each(rules.map((rule) => rule.meta.id))('docs of %s', (id) => {
  const path = fileURLToPath(new URL(`../rules/${id}.md`, import.meta.url));
  const examples = readExamples(readFileSync(path, 'utf8'));

  it('has wrong and right examples', () => {
    expect(examples.map((example) => example.kind)).toEqual(['wrong', 'right']);
  });

  it('wrong example reports exactly the expected findings', () => {
    const wrong = examples.find((example) => example.kind === 'wrong')!;
    const root = writeProject(wrong.files);
    const findings = lintDirectory(root).findings.map((finding) => describeFinding(root, finding));
    expect(wrong.expected.some((line) => line.endsWith(` ${id}`))).toBe(true);
    expect(findings).toEqual(wrong.expected);
  });

  it('right example lints clean', () => {
    const right = examples.find((example) => example.kind === 'right')!;
    const root = writeProject(right.files);
    expect(lintDirectory(root).findings.map((finding) => describeFinding(root, finding))).toEqual([]);
  });
});

describe('rule pages', () => {
  const directory = fileURLToPath(new URL('../rules/', import.meta.url));
  const pages = readdirSync(directory).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -'.md'.length));
  const ids = rules.map((rule) => rule.meta.id);

  it.each(ids)('%s has a page', (id) => {
    expect(pages).toContain(id);
  });

  it.each(pages)('%s.md belongs to a rule', (page) => {
    expect(ids).toContain(page);
  });

  describe.each(rules.map((rule) => [rule.meta.id, rule.meta] as const))('header of %s', (id, meta) => {
    const header = readFileSync(`${directory}${id}.md`, 'utf8').split('\n')[2] ?? '';
    const line = /^\*\*Severity:\*\* (\w+)( \(off by default\))?.* · \*\*Fixable:\*\* (yes|partly|no)\b/.exec(header);

    it('has a severity and fixable line', () => {
      expect(line).not.toBeNull();
    });

    it('states the default severity', () => {
      expect(line?.[1]).toBe(meta.severity);
    });

    it('states whether it is off by default', () => {
      expect(line?.[2] !== undefined).toBe(!isEnabledByDefault(meta));
    });

    // `partly` says that only some findings carry a fix, which `fixable: true` also means.
    it('states whether it is fixable', () => {
      expect(line?.[3] === 'yes' || line?.[3] === 'partly').toBe(meta.fixable);
    });
  });
});
