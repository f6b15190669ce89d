import { isAbsolute, relative } from 'node:path';

import type { Analysis } from '../src/engine/analysis.js';
import { displayLocation } from '../src/engine/describe.js';
import type { Rule, RuleReport } from '../src/engine/rule.js';
import { additionalContextFix } from '../src/fix/fixes.js';
import { contextService } from '../src/graph/graph.js';
import { imageLookups, producersOf } from '../src/graph/references.js';
import type { KeyedEntry } from '../src/project/types.js';
import { describeReference } from './undeclared-build-dependency.js';
import { matchableKey } from './unmatchable-context-key.js';

/** An `additional_contexts` entry of one service. */
export interface ContextDeclaration {
  service: string;
  entry: KeyedEntry;
}

/**
 * Returns the context entries of services other than `except` that a
 * reference with the named-context key `key` would match, in definition
 * order. A key written in a form BuildKit never matches, such as
 * `base:latest`, counts under its matchable form.
 */
export function contextDeclarations(analysis: Analysis, key: string, except: string): ContextDeclaration[] {
  return (declarationsByKey(analysis).get(key) ?? []).filter((declaration) => declaration.service !== except);
}

/** Every context entry with a value, by its matchable key, computed once per analysis. */
const declarationIndexes = new WeakMap<Analysis, Map<string, ContextDeclaration[]>>();

function declarationsByKey(analysis: Analysis): Map<string, ContextDeclaration[]> {
  let index = declarationIndexes.get(analysis);
  if (index !== undefined) return index;

  index = new Map();
  for (const { service, build } of analysis.builds) {
    for (const entry of build.additionalContexts) {
      const key = entry.value === undefined ? undefined : matchableKey(entry.key);
      if (key === undefined) continue;
      const list = index.get(key) ?? [];
      list.push({ service: service.name, entry });
      index.set(key, list);
    }
  }
  declarationIndexes.set(analysis, index);
  return index;
}

/**
 * Returns the value to write in another service's entry: a local path relative to the
 * project directory, where Compose resolves relative `additional_contexts`
 * paths, and any other value as written.
 */
export function portableContextValue(analysis: Analysis, entry: KeyedEntry): string {
  const path = entry.contextPath;
  if (path === undefined) return entry.value ?? '';

  const fromProject = relative(analysis.project.workingDir, path);
  if (fromProject === '') return '.';
  if (isAbsolute(fromProject) || fromProject.startsWith('..')) return fromProject;
  return `./${fromProject}`;
}

export const undeclaredNamedContext: Rule = {
  meta: {
    id: 'undeclared-named-context',
    severity: 'error',
    description: 'A Dockerfile uses a name that another service declares in additional_contexts, but its own build does not.',
    fixable: true,
  },

  *check(analysis): Iterable<RuleReport> {
    for (const build of analysis.builds) {
      for (const lookup of imageLookups(build)) {
        // A name that a service's image matches is undeclared-build-dependency's case.
        if (producersOf(analysis.graph, lookup).length > 0) continue;

        // An entry naming this very service would make it build from itself.
        const declarations = contextDeclarations(analysis, lookup.contextKey, build.service.name).filter(
          (declaration) => contextService(declaration.entry.value) !== build.service.name,
        );
        const first = declarations[0];
        if (first === undefined) continue;

        const consumer = build.service.name;
        const { reference } = lookup.resolved;
        const value = portableContextValue(analysis, first.entry);
        const others = declarations.length > 1 ? ` (also declared by ${declarations.slice(1).map((other) => `"${other.service}"`).join(', ')})` : '';
        const fix = additionalContextFix(analysis, consumer, lookup.contextKey, value);

        yield {
          message:
            `Service "${consumer}" uses "${lookup.name}" through \`${describeReference(reference)}\`, which service ` +
            `"${first.service}" declares as an additional context (${displayLocation(analysis, first.entry.keyRange)})` +
            `${others}, but service "${consumer}" does not declare it. Additional contexts belong to one build, so ` +
            `this build looks "${lookup.name}" up as an image and pulls "${lookup.normalized}", which fails with ` +
            `"pull access denied" or uses an unrelated image. Add \`${lookup.contextKey}: "${value}"\` under ` +
            `build.additional_contexts of service "${consumer}".`,
          range: reference.range,
          related: declarations.map((declaration) => ({
            message: `Service "${declaration.service}" declares the context "${declaration.entry.key}" here.`,
            range: declaration.entry.keyRange,
          })),
          fixes: fix === undefined ? [] : [fix],
        };
      }
    }
  },
};
