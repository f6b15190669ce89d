import { isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Finding } from '../engine/finding.js';
import { createFinding, loaderRuleIds } from './diagnostics.js';
import { describeInterpolationIssue, interpolate, type VariableLookup } from './interpolate.js';
import { composeMappings, type OffsetMapping } from './offset-map.js';
import { mapScalarValue } from './scalar-map.js';
import type { YamlDocument } from './yaml-file.js';

/** A string scalar after interpolation, and the map from its value back into the file. */
export interface InterpolatedScalar {
  value: string;
  mapping: OffsetMapping;
  /** True when a required variable is missing or an expression is invalid, where Compose stops loading. */
  failed?: boolean;
}

/**
 * Interpolates every string value of a document, as Compose does before it
 * merges files: values anywhere (`x-*` fields and fields the loader does not
 * model included), never keys. Each scalar is interpolated once where it is
 * written, so a value reached through several aliases is reported once, at
 * its anchor. Problems become findings at the `$` expression.
 *
 * Returns the scalars whose value changed; other string scalars keep their value.
 */
export function interpolateDocument(
  source: YamlDocument,
  lookup: VariableLookup,
  findings: Finding[],
): Map<Scalar, InterpolatedScalar> {
  const results = new Map<Scalar, InterpolatedScalar>();
  const pending: Array<{ node: Node | null | undefined; path: string }> = [
    { node: source.document.contents, path: '' },
  ];

  // An explicit stack, because deeply nested flow collections would overflow recursion.
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;

    if (isMap(node)) {
      for (const pair of [...node.items].reverse()) {
        const key = isScalar(pair.key) ? String(pair.key.source ?? pair.key.value) : '?';
        pending.push({ node: pair.value as Node | null, path: path ? `${path}.${key}` : key });
      }
    } else if (isSeq(node)) {
      for (let index = node.items.length - 1; index >= 0; index--) {
        pending.push({ node: node.items[index] as Node | null, path: `${path}[${index}]` });
      }
    } else if (isScalar(node) && typeof node.value === 'string' && node.value.includes('$')) {
      results.set(node, interpolateScalar(source, node, node.value, path, lookup, findings));
    }
  }
  return results;
}

function interpolateScalar(
  source: YamlDocument,
  scalar: Scalar,
  template: string,
  path: string,
  lookup: VariableLookup,
  findings: Finding[],
): InterpolatedScalar {
  const interpolation = interpolate(template, lookup);
  const scalarMapping = mapScalarValue(scalar, template, source.text);

  for (const issue of interpolation.issues) {
    const start = scalarMapping.startOf(issue.start);
    const end = scalarMapping.endOf(issue.end);
    const severity = issue.kind === 'unset' ? 'warning' : 'error';
    const message = describeInterpolationIssue(issue, path);
    findings.push(createFinding(loaderRuleIds.interpolation, severity, message, source.lines.range(source.file, start, end)));
  }

  const result: InterpolatedScalar = { value: interpolation.value, mapping: composeMappings(interpolation.mapping, scalarMapping) };
  if (interpolation.issues.some((issue) => issue.kind !== 'unset')) result.failed = true;
  return result;
}
