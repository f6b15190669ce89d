import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { DocumentReader } from './document-reader.js';

/** The source of the value at one JSON pointer of the converted document. */
export interface ValueLocation {
  /** The value's node, or `null` for a key without a value. */
  node: Node | null;
  /** The key of a mapping entry, for a field that is reported by name. */
  keyNode?: Node;
  /** The alias the value is reached through, where it is reported. */
  use?: Node;
  /** The value that the validator checks. */
  value: unknown;
}

/** A string that Compose casts to another type at one path, and the text of a failed cast. */
export interface CastFailure {
  pointer: string;
  expected: CastType;
  text: string;
}

export type ConvertedDocument =
  | {
      kind: 'value';
      value: unknown;
      castFailures: CastFailure[];
      /**
       * Returns where each value is written, by JSON pointer. Only a document
       * with problems needs them, so the first call converts the document
       * again to record them.
       */
      locations(): Map<string, ValueLocation>;
    }
  /** Aliases expand to more nodes than the limit; `alias` is the one that crossed it. */
  | { kind: 'excessive-aliasing'; alias: Node };

/**
 * Maximum number of nodes that aliases may add to a document. Expanding aliases that
 * refer to aliases grows exponentially, and go-yaml, which Compose uses,
 * also rejects a document with excessive aliasing. Plain documents, however
 * large, are not limited.
 */
export const maxAliasedNodes = 100_000;

/** Top-level maps whose keys are names chosen by the user, where an `x-` key is a name and not an extension. */
const namedMaps = new Set(['/services', '/networks', '/volumes', '/secrets', '/configs', '/models']);

type CastType = 'boolean' | 'integer' | 'number';

/**
 * Paths where compose-go's interpolation casts a string to another type
 * (`interpolateTypeCastMapping` in `loader/interpolate.go`), as patterns of
 * path segments with `*` for any key or index.
 */
const castPaths: Array<{ pattern: string[]; type: CastType }> = [
  ...['cpu_count', 'cpu_period', 'cpu_quota', 'cpu_rt_period', 'cpu_rt_runtime', 'cpu_shares', 'oom_score_adj', 'pids_limit', 'scale'].map(
    (field) => ({ pattern: ['services', '*', field], type: 'integer' as const }),
  ),
  ...['cpu_percent', 'cpus'].map((field) => ({ pattern: ['services', '*', field], type: 'number' as const })),
  ...['init', 'oom_kill_disable', 'privileged', 'read_only', 'stdin_open', 'tty'].map((field) => ({
    pattern: ['services', '*', field],
    type: 'boolean' as const,
  })),
  { pattern: ['services', '*', 'depends_on', '*', 'required'], type: 'boolean' },
  { pattern: ['services', '*', 'depends_on', '*', 'restart'], type: 'boolean' },
  { pattern: ['services', '*', 'deploy', 'replicas'], type: 'integer' },
  { pattern: ['services', '*', 'deploy', 'update_config', 'parallelism'], type: 'integer' },
  { pattern: ['services', '*', 'deploy', 'update_config', 'max_failure_ratio'], type: 'number' },
  { pattern: ['services', '*', 'deploy', 'rollback_config', 'parallelism'], type: 'integer' },
  { pattern: ['services', '*', 'deploy', 'rollback_config', 'max_failure_ratio'], type: 'number' },
  { pattern: ['services', '*', 'deploy', 'restart_policy', 'max_attempts'], type: 'integer' },
  { pattern: ['services', '*', 'deploy', 'placement', 'max_replicas_per_node'], type: 'integer' },
  { pattern: ['services', '*', 'healthcheck', 'retries'], type: 'integer' },
  { pattern: ['services', '*', 'healthcheck', 'disable'], type: 'boolean' },
  { pattern: ['services', '*', 'ports', '*', 'target'], type: 'integer' },
  { pattern: ['services', '*', 'ulimits', '*'], type: 'integer' },
  { pattern: ['services', '*', 'ulimits', '*', 'hard'], type: 'integer' },
  { pattern: ['services', '*', 'ulimits', '*', 'soft'], type: 'integer' },
  { pattern: ['services', '*', 'volumes', '*', 'read_only'], type: 'boolean' },
  { pattern: ['services', '*', 'volumes', '*', 'volume', 'nocopy'], type: 'boolean' },
  ...['external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6'].map((field) => ({
    pattern: ['networks', '*', field],
    type: 'boolean' as const,
  })),
  ...['volumes', 'secrets', 'configs'].map((resource) => ({ pattern: [resource, '*', 'external'], type: 'boolean' as const })),
];

/**
 * Converts an interpolated document into the plain value that compose-go
 * validates: aliases and merge keys expanded, values tagged `!reset` left
 * out, strings interpolated and cast where Compose casts them, and `x-`
 * extension values replaced by `null` because the schema accepts any value
 * there. `locations()` of the result finds where each value is written.
 */
export function convertDocument(reader: DocumentReader): ConvertedDocument {
  const converter = new Converter(reader, false);
  try {
    const value = converter.convert(reader.source.document.contents as Node | null, '', '', [], undefined);
    let locations: Map<string, ValueLocation> | undefined;
    const locate = (): Map<string, ValueLocation> => (locations ??= recordLocations(reader));
    return { kind: 'value', value, castFailures: converter.castFailures, locations: locate };
  } catch (error) {
    if (error instanceof ExcessiveAliasing) return { kind: 'excessive-aliasing', alias: error.alias };
    throw error;
  }
}

/** Converts a document that converted before without excessive aliasing again, and records where each value is written. */
function recordLocations(reader: DocumentReader): Map<string, ValueLocation> {
  const converter = new Converter(reader, true);
  converter.convert(reader.source.document.contents as Node | null, '', '', [], undefined);
  return converter.locations;
}

class ExcessiveAliasing extends Error {
  constructor(readonly alias: Node) {
    super('document contains excessive aliasing');
  }
}

class Converter {
  readonly locations = new Map<string, ValueLocation>();
  readonly castFailures: CastFailure[] = [];
  #aliasedNodes = 0;

  /** @param recording whether to fill `locations` */
  constructor(
    readonly reader: DocumentReader,
    readonly recording: boolean,
  ) {}

  /**
   * Converts one node. `pointer` is its JSON pointer, `path` its dotted path
   * for messages and `segments` its keys and indexes for the cast table,
   * which each call leaves as it found them.
   */
  convert(rawNode: Node | null, pointer: string, path: string, segments: string[], use: Node | undefined): unknown {
    const node = this.reader.resolve(rawNode);
    if (use !== undefined && ++this.#aliasedNodes > maxAliasedNodes) throw new ExcessiveAliasing(use);

    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const entry of this.reader.entries(node, path, use)) {
        if (entry.mergeTag === 'reset') continue;

        const childPointer = `${pointer}/${escapePointer(entry.key)}`;
        const isExtension = entry.key.startsWith('x-') && !namedMaps.has(pointer);
        let value: unknown = null;
        if (!isExtension) {
          segments.push(entry.key);
          value = this.convert(entry.value, childPointer, entry.path, segments, entry.use);
          segments.pop();
        }
        result[entry.key] = value;
        if (this.recording) this.#record(childPointer, { node: entry.value, keyNode: entry.keyNode, use: entry.use, value });
      }
      return result;
    }

    if (isSeq(node)) {
      const result: unknown[] = [];
      for (const item of this.reader.items(node, use)) {
        if (item.node?.tag === '!reset') continue;
        const childPointer = `${pointer}/${result.length}`;
        segments.push(String(result.length));
        const value = this.convert(item.node, childPointer, `${path}[${item.index}]`, segments, item.use);
        segments.pop();
        if (this.recording) this.#record(childPointer, { node: item.node, use: item.use, value });
        result.push(value);
      }
      return result;
    }

    if (!isScalar(node)) return null;
    if (typeof node.value !== 'string') return node.value ?? null;

    const text = this.reader.interpolated.get(node)?.value ?? node.value;
    const type = castTypeOf(segments);
    if (type === undefined) return text;
    const cast = castString(text, type);
    if (cast === undefined) {
      this.castFailures.push({ pointer, expected: type, text });
      return text;
    }
    return cast;
  }

  #record(pointer: string, location: ValueLocation): void {
    // The root location of a pointer wins: a pointer is recorded once per document.
    if (!this.locations.has(pointer)) this.locations.set(pointer, location);
  }
}

/** Escapes a key for a JSON pointer segment, as RFC 6901 and ajv's `instancePath` do. */
export function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * The cast paths that can match a path with a given last segment, in table
 * order: those ending in that field name and those ending in `*`. Paths
 * whose last segment no pattern names get `wildcardCastPaths`.
 */
const wildcardCastPaths: typeof castPaths = [];
const castPathsByLastSegment = new Map<string, typeof castPaths>();
// One pass in table order: a field's list starts with the wildcard paths
// before its first path, and every later wildcard path joins every list.
for (const castPath of castPaths) {
  const field = castPath.pattern[castPath.pattern.length - 1]!;
  if (field === '*') {
    wildcardCastPaths.push(castPath);
    for (const list of castPathsByLastSegment.values()) list.push(castPath);
    continue;
  }

  const list = castPathsByLastSegment.get(field) ?? [...wildcardCastPaths];
  list.push(castPath);
  castPathsByLastSegment.set(field, list);
}

function castTypeOf(segments: readonly string[]): CastType | undefined {
  const candidates = castPathsByLastSegment.get(segments[segments.length - 1]!) ?? wildcardCastPaths;
  const match = candidates.find(
    ({ pattern }) => pattern.length === segments.length && pattern.every((part, index) => part === '*' || part === segments[index]),
  );
  return match?.type;
}

/**
 * Casts a string as compose-go does: Go's `strconv` number syntax, and the
 * YAML 1.1 booleans `y`, `yes`, `on`, `n`, `no` and `off` besides `true` and
 * `false`. Returns `undefined` when the text is not of that type.
 */
function castString(text: string, type: CastType): unknown {
  switch (type) {
    case 'boolean': {
      const lower = text.toLowerCase();
      if (['true', 'y', 'yes', 'on'].includes(lower)) return true;
      if (['false', 'n', 'no', 'off'].includes(lower)) return false;
      return undefined;
    }
    case 'integer':
      return /^[+-]?\d+$/.test(text) ? Number.parseInt(text, 10) : undefined;
    case 'number': {
      const value = Number(text);
      return text.trim() !== '' && Number.isFinite(value) ? value : undefined;
    }
  }
}
