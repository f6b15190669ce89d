import {
  isAlias,
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  Composer,
  Parser,
  YAMLMap,
  YAMLSeq,
  type Alias,
  type CollectionTag,
  type Document,
  type Node,
  type Scalar,
  type ScalarTag,
  type YAMLError,
} from 'yaml';
import type { Finding } from '../engine/finding.js';
import { LineIndex, fileStartRange, type SourceRange } from '../source.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import { findExcessiveNestingInTokens, findForbiddenCharacter, maxNestingDepth } from './yaml-limits.js';

/** One YAML document of a compose file, with what is needed to report positions in it. */
export interface YamlDocument {
  /** Absolute path of the compose file. */
  file: string;
  text: string;
  lines: LineIndex;
  document: Document.Parsed;
  /** The anchored node of every alias that resolves. */
  aliasTargets: Map<Alias, Node>;
}

export interface ParsedComposeFile {
  documents: YamlDocument[];
  findings: Finding[];
}

/**
 * Compose's `!reset` and `!override` tags, known to the parser so that it
 * does not warn about them. They may tag a scalar, a mapping or a sequence,
 * and keep the value as the untagged node would be.
 */
const composeTags = ['!reset', '!override'].flatMap((tag): Array<ScalarTag | CollectionTag> => [
  { tag, resolve: (value: string) => value },
  { tag, collection: 'map', nodeClass: YAMLMap },
  { tag, collection: 'seq', nodeClass: YAMLSeq },
]);

/**
 * The options compose-go's YAML decoding needs: the YAML 1.2 core schema and
 * `<<` merge keys. Source tokens give the indentation of block scalars. The
 * alias limit of `toJS()` keeps its default. The loader never calls
 * `toJS()`, because it reads each alias through its anchored node and copies
 * nothing. Duplicate keys are errors, found by `findDuplicateKeys` in place
 * of the parser's `uniqueKeys`.
 */
export const composeParseOptions = {
  keepSourceTokens: true,
  merge: true,
  uniqueKeys: false,
  prettyErrors: false,
  customTags: composeTags,
};

/** Parses every `---` document of a compose file and reports syntax errors as findings. */
export function parseComposeFile(file: string, text: string): ParsedComposeFile {
  const lines = new LineIndex(text);
  const findings: Finding[] = [];

  const forbidden = findForbiddenCharacter(text);
  if (forbidden !== undefined) {
    const range = lines.range(file, forbidden.offset, forbidden.offset + 1);
    findings.push(createFinding(loaderRuleIds.yamlSyntax, 'error', forbidden.message, range));
  }

  try {
    return { documents: parseDocuments(file, text, lines, findings), findings };
  } catch (error) {
    // The parser reports problems in `errors`. A throw, such as a stack
    // overflow on extremely deep nesting, must not stop other files loading.
    const message = error instanceof Error ? error.message : String(error);
    findings.push(createFinding(loaderRuleIds.yamlSyntax, 'error', `YAML parser failed: ${message}`, fileStartRange(file)));
    return { documents: [], findings };
  }
}

function parseDocuments(file: string, text: string, lines: LineIndex, findings: Finding[]): YamlDocument[] {
  const tokens = [...new Parser().parse(text)];
  const tooDeep = findExcessiveNestingInTokens(tokens);
  if (tooDeep !== undefined) {
    const message = `YAML nested more than ${maxNestingDepth} levels deep: compose-lint does not read this file`;
    findings.push(createFinding(loaderRuleIds.yamlSyntax, 'error', message, lines.range(file, tooDeep, tooDeep)));
    return [];
  }

  // The same steps as `parseAllDocuments`, on the tokens already read.
  const composer = new Composer(composeParseOptions);
  const parsed = [...composer.compose(tokens)];
  if (parsed.length === 0) {
    for (const error of composer.streamInfo().errors) findings.push(describeYamlError(error, 'error', file, lines));
    return [];
  }

  const documents: YamlDocument[] = [];
  for (const document of parsed) {
    for (const error of document.errors) findings.push(describeYamlError(error, 'error', file, lines));
    for (const warning of document.warnings) {
      findings.push(describeYamlError(warning, 'warning', file, lines));
    }
    for (const key of findDuplicateKeys(document)) {
      const [start, end] = key.range ?? [0, 0];
      const message = `duplicate key ${JSON.stringify(key.source ?? String(key.value))}: keys of a mapping must be unique`;
      findings.push(createFinding(loaderRuleIds.yamlSyntax, 'error', message, lines.range(file, start, end)));
    }

    const aliasTargets = resolveAliases(document, (alias, message) => {
      const [start, end] = alias.range ?? [0, 0];
      findings.push(createFinding(loaderRuleIds.yamlSyntax, 'error', message, lines.range(file, start, end)));
    });
    documents.push({ file, text, lines, document, aliasTargets });
  }
  return documents;
}

function describeYamlError(error: YAMLError, severity: 'error' | 'warning', file: string, lines: LineIndex): Finding {
  const [start, end] = error.pos;
  const range: SourceRange = lines.range(file, start, Math.max(end, start));
  let message = error.message.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  // The parser catches its own stack overflow on deeply nested collections and reports it with this code.
  if (error.code === 'RESOURCE_EXHAUSTION') message = `nesting too deep to parse: ${message}`;
  return createFinding(loaderRuleIds.yamlSyntax, severity, message, range);
}

/**
 * Finds the keys that repeat an earlier key of the same mapping, as the
 * parser's `uniqueKeys` option does: scalar keys with equal values, where
 * each `<<` merge key is distinct. The parser compares each key with every
 * earlier one, which takes minutes for a mapping of 100,000 keys, so this
 * check keeps the values seen in a set.
 */
export function findDuplicateKeys(document: Document.Parsed): Scalar[] {
  const duplicates: Scalar[] = [];
  visitNodes(document.contents, [], (map) => {
    if (!isMap(map) || map.items.length < 2) return;
    const seen = new Set<unknown>();
    for (const { key } of map.items) {
      // NaN equals nothing, also for the parser.
      if (!isScalar(key) || Number.isNaN(key.value)) continue;
      if (seen.has(key.value)) duplicates.push(key);
      else seen.add(key.value);
    }
  });
  return duplicates;
}

/**
 * Resolves every alias to the last node anchored with its name before it,
 * as YAML requires. An unknown anchor, or an anchor whose node contains the
 * alias (which would make the value infinite), is reported and left
 * unresolved.
 */
function resolveAliases(
  document: Document.Parsed,
  report: (alias: Alias, message: string) => void,
): Map<Alias, Node> {
  const anchors = new Map<string, Node>();
  const targets = new Map<Alias, Node>();

  visitNodes(document.contents, [], (node, ancestors) => {
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) report(node, `unknown anchor ${JSON.stringify(node.source)} referenced`);
      else if (ancestors.includes(target)) report(node, `anchor ${JSON.stringify(node.source)} contains an alias to itself`);
      else targets.set(node, target);
      return;
    }
    if (node.anchor) anchors.set(node.anchor, node);
  });
  return targets;
}

/**
 * Calls `visitor` for every node under `node` in source order, each before
 * the nodes inside it, with the collections that contain it. The `yaml`
 * package's own `visit` copies the list of ancestors at every collection
 * and pair, which costs more than the checks here. The recursion is as deep
 * as the nesting, which the loader limits to `maxNestingDepth` first.
 */
function visitNodes(node: unknown, ancestors: Node[], visitor: (node: Node, ancestors: readonly Node[]) => void): void {
  if (!isNode(node)) return;
  visitor(node, ancestors);
  if (!isMap(node) && !isSeq(node)) return;

  ancestors.push(node);
  for (const item of node.items) {
    if (isPair(item)) {
      visitNodes(item.key, ancestors, visitor);
      visitNodes(item.value, ancestors, visitor);
    } else {
      visitNodes(item, ancestors, visitor);
    }
  }
  ancestors.pop();
}

/**
 * Returns the offsets a node was written in. A block collection ends with
 * its last item, and a block scalar with its last non-blank line. The
 * parser's own ranges also take in the line breaks and comments after them.
 */
export function nodeOffsets(source: YamlDocument, node: Node): [number, number] {
  const start = node.range?.[0] ?? 0;
  let last: Node = node;
  while ((isMap(last) || isSeq(last)) && !last.flow && last.items.length > 0) {
    const item: unknown = last.items.at(-1);
    const next = isPair(item) ? (item.value ?? item.key) : item;
    if (!isNode(next)) break;
    last = next;
  }

  let end = last.range?.[1] ?? start;
  while (end > start && /\s/.test(source.text[end - 1]!)) end--;
  return [start, end];
}

/** Returns the anchored node of an alias, or else the node itself, and `null` for a missing value or an unresolved alias. */
export function resolveNode(source: YamlDocument, node: unknown): Node | null {
  if (!isNode(node) || isPair(node)) return null;
  if (isAlias(node)) return source.aliasTargets.get(node) ?? null;
  return node;
}
