import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { rules } from '../rules/index.js';
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
