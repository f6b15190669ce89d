import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { Finding } from '../engine/finding.js';
import type { SourceRange } from '../source.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import type { InterpolatedScalar } from './interpolate-document.js';
import { shiftMapping, type OffsetMapping } from './offset-map.js';
import { mapScalarValue } from './scalar-map.js';
import type { MergeTag } from './layers.js';
import type { PathBase } from './paths.js';
import type { Located } from './types.js';
import { nodeOffsets, resolveNode, type YamlDocument } from './yaml-file.js';

/** A key of a mapping, with `<<` merge keys already applied. */
export interface MapEntry {
  key: string;
  keyNode: Node;
  /** The value, with an alias resolved to its anchored node, or `null` when missing. */
  value: Node | null;
  /** Dotted path for messages, such as `services.web.build`. */
  path: string;
  /** `!reset` or `!override` on the value. */
  mergeTag: MergeTag | undefined;
  /**
   * The outermost alias the entry is reached through: the alias value
   * (`key: *name`) or the alias of a merge key (`<<: *name`), or an alias
   * further up that the caller passed in. Values read from the entry are
   * located there.
   */
  use: Node | undefined;
}

type UnplacedEntry = Omit<MapEntry, 'path'>;

/**
 * Reads the nodes of one interpolated YAML document: resolves aliases and
 * merge keys, turns nodes into located values, and reports values of the
 * wrong type as `compose-schema` findings.
 */
export class DocumentReader {
  readonly #entryCache = new Map<YAMLMap, UnplacedEntry[]>();

  /**
   * True when the schema validator checks this document, so that type
   * errors are reported once, by the schema, and the reader only skips such values.
   */
  schemaChecked = false;

  /** @param pathBase directory that relative paths of this document resolve against */
  constructor(
    readonly source: YamlDocument,
    readonly findings: Finding[],
    readonly interpolated: ReadonlyMap<Scalar, InterpolatedScalar>,
    readonly pathBase: PathBase,
  ) {}

  get file(): string {
    return this.source.file;
  }

  resolve(node: unknown): Node | null {
    return resolveNode(this.source, node);
  }

  range(node: Node): SourceRange {
    const [start, end] = nodeOffsets(this.source, node);
    return this.source.lines.range(this.file, start, end);
  }

  /** Locates a value: at its node, or at the alias it is used through with the node as `anchor`. */
  locate<T>(value: T, node: Node, use: Node | undefined): Located<T> {
    if (use === undefined) return { value, range: this.range(node) };
    return { value, range: this.range(use), anchor: this.range(node) };
  }

  /** Checks whether a node is an alias with an unknown anchor, which the parser has already reported. */
  isUnresolvedAlias(node: unknown): boolean {
    return isAlias(node) && this.resolve(node) === null;
  }

  /** Returns the range of an entry's value, or the empty range just past its key when the value is missing. */
  valueRange(entry: MapEntry): SourceRange {
    return this.#rangeOf(entry.value, entry.use, () => {
      const end = entry.keyNode.range?.[1] ?? 0;
      return this.source.lines.range(this.file, end, end);
    });
  }

  offsetRange(start: number, end: number): SourceRange {
    return this.source.lines.range(this.file, start, end);
  }

  reportSchemaError(range: SourceRange, message: string): void {
    this.findings.push(createFinding(loaderRuleIds.schema, 'error', message, range));
  }

  /**
   * Reports a value of the wrong type, unless the schema validator checks
   * this document and reports the same value itself.
   */
  reportTypeError(range: SourceRange, message: string): void {
    if (!this.schemaChecked) this.reportSchemaError(range, message);
  }

  /**
   * Lists the entries of a mapping in source order. Keys written in the
   * mapping win over merged ones, and an earlier source of `<<: [*a, *b]`
   * wins over a later one, as in the YAML 1.1 merge key type that the `yaml`
   * package implements. `use` is the alias the mapping itself is reached
   * through, which then locates every entry.
   */
  entries(map: YAMLMap, path: string, use?: Node): MapEntry[] {
    // An object literal, because a spread of each entry costs more than the rest of this call.
    const unplaced = this.#entryCache.get(map) ?? this.#entriesOf(map, path, new Set());
    return unplaced.map((entry) => ({
      key: entry.key,
      keyNode: entry.keyNode,
      value: entry.value,
      path: joinPath(path, entry.key),
      mergeTag: entry.mergeTag,
      use: use ?? entry.use,
    }));
  }

  /**
   * Lists the entries of a mapping without their paths, once per mapping.
   * Merge sources that merge each other again (`<<: [*a, *a]` on every
   * level) would otherwise take exponential time.
   */
  #entriesOf(map: YAMLMap, path: string, visiting: Set<YAMLMap>): UnplacedEntry[] {
    const cached = this.#entryCache.get(map);
    if (cached) return cached;
    visiting.add(map);

    // Keys written in the mapping itself. The first of duplicate keys counts,
    // because the parser has already reported the others.
    const own = new Map<string, UnplacedEntry>();
    const items: Array<{ entry: UnplacedEntry } | { mergeValue: Node }> = [];
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      if (isScalar(keyNode) && typeof keyNode.value === 'symbol') {
        if (isAlias(pair.value) ? this.resolve(pair.value) : pair.value) items.push({ mergeValue: pair.value as Node });
        continue;
      }

      const key = this.#keyText(keyNode, map, path);
      if (key === undefined || own.has(key)) continue;
      // The parser has reported the unknown anchor, so the key counts as absent.
      if (this.isUnresolvedAlias(pair.value)) continue;
      const value = this.resolve(pair.value);
      const use = isAlias(pair.value) ? pair.value : undefined;
      const entry: UnplacedEntry = { key, keyNode: keyNode!, value, mergeTag: mergeTagOf(value), use };
      own.set(key, entry);
      items.push({ entry });
    }

    // Source order, with merged keys at the place of their `<<` key.
    const result: UnplacedEntry[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const candidates = 'entry' in item ? [item.entry] : this.#mergeSources(item.mergeValue, path, visiting);
      for (const entry of candidates) {
        if (seen.has(entry.key) || ('mergeValue' in item && own.has(entry.key))) continue;
        seen.add(entry.key);
        result.push(entry);
      }
    }

    visiting.delete(map);
    this.#entryCache.set(map, result);
    return result;
  }

  /**
   * Lists the entries of the value of a `<<` key, which is a mapping or a
   * sequence of mappings, each possibly an alias. The alias that supplies
   * an entry becomes its `use`.
   */
  #mergeSources(rawValue: Node, path: string, visiting: Set<YAMLMap>): UnplacedEntry[] {
    const outerAlias = isAlias(rawValue) ? rawValue : undefined;
    const value = this.resolve(rawValue);
    const rawSources: unknown[] = isSeq(value) ? value.items : [rawValue];

    const entries: UnplacedEntry[] = [];
    for (const rawSource of rawSources) {
      const source = this.resolve(rawSource);
      if (!isMap(source)) {
        const message = 'the value of a << merge key must be a mapping or a sequence of mappings';
        this.findings.push(createFinding(loaderRuleIds.yamlSyntax, 'error', message, this.range(source ?? value ?? rawValue)));
        continue;
      }
      if (visiting.has(source)) continue;

      const alias = outerAlias ?? (isAlias(rawSource) ? rawSource : undefined);
      for (const entry of this.#entriesOf(source, path, visiting)) {
        entries.push(alias ? { ...entry, use: alias } : entry);
      }
    }
    return entries;
  }

  /** Returns the text of a key: a string as it is, a number or boolean as written. Reports any other key. */
  #keyText(keyNode: Node | null, map: YAMLMap, path: string): string | undefined {
    if (isScalar(keyNode) && keyNode.value !== null) {
      return typeof keyNode.value === 'string' ? keyNode.value : (keyNode.source ?? String(keyNode.value));
    }
    const range = this.range(keyNode ?? map);
    this.reportSchemaError(range, `${path || 'top-level object'} has a key that is not a string`);
    return undefined;
  }

  /** Returns the interpolated value of a string scalar and the map from it back into the file. */
  text(scalar: Scalar): InterpolatedScalar {
    const interpolated = this.interpolated.get(scalar);
    if (interpolated) return interpolated;
    const value = String(scalar.value);
    return { value, mapping: mapScalarValue(scalar, value, this.source.text) };
  }

  /**
   * Reads a string value. Returns `undefined` after reporting a value of
   * another type, because Compose's schema rejects numbers, booleans and
   * null where it expects a string.
   */
  readString(node: Node | null, path: string, fallbackRange: SourceRange, use?: Node): Located<string> | undefined {
    return this.#readString(node, path, use, () => this.#rangeOf(node, use, () => fallbackRange));
  }

  /** Reads the value of a mapping entry as `readString` does, and reports a value of another type at `valueRange(entry)`. */
  readEntryString(entry: MapEntry): Located<string> | undefined {
    return this.#readString(entry.value, entry.path, entry.use, () => this.valueRange(entry));
  }

  /** Returns where a value is written: at the alias it is used through, at its node, or else at `fallback()`. */
  #rangeOf(node: Node | null, use: Node | undefined, fallback: () => SourceRange): SourceRange {
    if (use) return this.range(use);
    if (node) return this.range(node);
    return fallback();
  }

  /**
   * Reads a string value. `errorRange` runs only for a value of the wrong
   * type, because most values have the right type and a range is not free.
   */
  #readString(node: Node | null, path: string, use: Node | undefined, errorRange: () => SourceRange): Located<string> | undefined {
    if (isScalar(node) && typeof node.value === 'string') {
      return this.locate(this.text(node).value, node, use);
    }
    this.reportTypeError(errorRange(), `${path} must be a string`);
    return undefined;
  }

  /**
   * Reads a scalar as a string: strings interpolated, numbers and booleans
   * as YAML wrote them (`1.10` stays `1.10`), `null` as `undefined`.
   * Returns `false` for a collection.
   */
  scalarText(node: Node | null): InterpolatedScalar | undefined | false {
    if (node === null) return undefined;
    if (!isScalar(node)) return false;
    if (node.value === null || node.value === undefined) return undefined;
    if (typeof node.value === 'string') return this.text(node);

    const value = node.source ?? String(node.value);
    return { value, mapping: shiftMapping(value.length, node.range?.[0] ?? 0) };
  }

  /**
   * Returns the range of `value[start, end)` of a scalar, given the mapping
   * of its value. A value that cannot be aligned with its source gets the
   * range of the whole scalar.
   */
  subRange(scalar: Node, mapping: OffsetMapping, start: number, end: number): SourceRange {
    if (!mapping.precise) return this.range(scalar);
    if (end <= start) {
      const point = start === 0 ? mapping.startOf(0) : mapping.endOf(start);
      return this.offsetRange(point, point);
    }
    return this.offsetRange(mapping.startOf(start), mapping.endOf(end));
  }

  /**
   * Lists the items of a sequence with the alias each is used through: the
   * sequence's own `use`, else the item's alias. Unresolved aliases are skipped.
   */
  items(sequence: Node, use: Node | undefined): Array<{ node: Node | null; use: Node | undefined; index: number }> {
    if (!isSeq(sequence)) return [];
    const items: Array<{ node: Node | null; use: Node | undefined; index: number }> = [];
    sequence.items.forEach((item, index) => {
      if (this.isUnresolvedAlias(item)) return;
      items.push({ node: this.resolve(item), use: use ?? (isAlias(item) ? item : undefined), index });
    });
    return items;
  }

  /**
   * Reads the string items of a list that is the value of a mapping entry,
   * and reports and skips any other item. Reports a value that is not a list
   * at `valueRange(entry)`.
   */
  readEntryStringList(entry: MapEntry): Located<string>[] | undefined {
    const { value: node, path, use } = entry;
    if (!isSeq(node)) {
      this.reportTypeError(this.valueRange(entry), `${path} must be a list`);
      return undefined;
    }
    const items: Located<string>[] = [];
    for (const item of this.items(node, use)) {
      // A null item without an alias is reported at the list.
      const itemRange = (): SourceRange => this.#rangeOf(item.node, item.use, () => this.range(node));
      const value = this.#readString(item.node, `${path}[${item.index}]`, item.use, itemRange);
      if (value) items.push(value);
    }
    return items;
  }
}

function mergeTagOf(node: Node | null): MergeTag | undefined {
  if (node?.tag === '!reset') return 'reset';
  if (node?.tag === '!override') return 'override';
  return undefined;
}

export function joinPath(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
