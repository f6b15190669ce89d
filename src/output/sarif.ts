import { pathToFileURL } from 'node:url';

import type { Finding, Fix, Severity } from '../engine/finding.js';
import { internalErrorId } from '../engine/run.js';
import { isEnabledByDefault, projectUrl, ruleDocsUrl, type RuleMeta } from '../engine/rule.js';
import type { SourceRange } from '../source.js';
import { fingerprintFindings } from './fingerprint.js';
import { relativePath, type Report } from './report.js';

/** The base id that artifact URIs inside the working directory are relative to, as GitHub code scanning reads it. */
const sourceRootId = '%SRCROOT%';

const sarifSchema = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const levels: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

interface Region {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/**
 * Formats a SARIF 2.1.0 log with one run, for GitHub code scanning. The tool
 * lists every rule with its description, documentation link and default
 * level. Each finding is one result with its exact region, related
 * locations, fixes and a stable fingerprint.
 *
 * Paths inside the working directory are relative to `%SRCROOT%`, which
 * `originalUriBaseIds` sets to that directory, and other paths are absolute
 * `file:` URIs. Columns count UTF-16 code units, as the run's `columnKind`
 * says, and end columns are exclusive.
 */
export function formatSarif(report: Report): string {
  const rules = [...report.rules];
  if (report.findings.some((finding) => finding.ruleId === internalErrorId)) rules.push(internalErrorMeta);
  const ruleIndexes = new Map(rules.map((rule, index) => [rule.id, index]));

  const artifact = (file: string): ArtifactLocation => {
    const path = relativePath(report.cwd, file);
    if (path === file) return { uri: pathToFileURL(file).href };
    return { uri: path.split('/').map(encodeURIComponent).join('/'), uriBaseId: sourceRootId };
  };

  const fingerprints = fingerprintFindings(report.findings, report.cwd, report.readText);
  const results = report.findings.map((finding, index) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndexes.get(finding.ruleId) ?? -1,
    level: levels[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: { artifactLocation: artifact(finding.range.file), region: region(finding.range) } }],
    ...(finding.related === undefined || finding.related.length === 0
      ? {}
      : {
          relatedLocations: finding.related.map((related, relatedIndex) => ({
            id: relatedIndex,
            physicalLocation: { artifactLocation: artifact(related.range.file), region: region(related.range) },
            message: { text: related.message },
          })),
        }),
    ...sarifFixes(finding, artifact),
    partialFingerprints: { 'compose-lint/v1': fingerprints[index]! },
  }));

  const log = {
    $schema: sarifSchema,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'compose-lint',
            version: report.version,
            semanticVersion: report.version,
            informationUri: projectUrl,
            rules: rules.map(describeRule),
          },
        },
        originalUriBaseIds: { [sourceRootId]: { uri: pathToFileURL(`${report.cwd.replace(/\/$/, '')}/`).href } },
        invocations: [{ executionSuccessful: !report.findings.some((finding) => finding.ruleId === internalErrorId) }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** Internal errors are not a rule, but a SARIF result should point at a descriptor. */
const internalErrorMeta: RuleMeta = {
  id: internalErrorId,
  severity: 'error',
  description: 'compose-lint failed on this file; please report it as a bug.',
  fixable: false,
};

function describeRule(meta: RuleMeta) {
  return {
    id: meta.id,
    shortDescription: { text: meta.description },
    helpUri: ruleDocsUrl(meta.id),
    help: { text: `${meta.description} See ${ruleDocsUrl(meta.id)}` },
    defaultConfiguration: { enabled: isEnabledByDefault(meta), level: levels[meta.severity] },
    properties: { fixable: meta.fixable },
  };
}

function region(range: SourceRange): Region {
  return { startLine: range.start.line, startColumn: range.start.column, endLine: range.end.line, endColumn: range.end.column };
}

function sarifFix(fix: Fix, artifact: (file: string) => ArtifactLocation) {
  const editsByFile = new Map<string, Fix['edits']>();
  for (const edit of fix.edits) {
    const list = editsByFile.get(edit.range.file) ?? [];
    list.push(edit);
    editsByFile.set(edit.range.file, list);
  }

  return {
    description: { text: fix.title },
    artifactChanges: [...editsByFile].map(([file, edits]) => ({
      artifactLocation: artifact(file),
      replacements: edits.map((edit) => ({ deletedRegion: region(edit.range), insertedContent: { text: edit.newText } })),
    })),
    properties: { safety: fix.safety },
  };
}

/**
 * The fixes SARIF can carry: text replacements in existing files. A fix that
 * creates or deletes files is left out, because its replacements alone would
 * break the build.
 */
function sarifFixes(finding: Finding, artifact: (file: string) => ArtifactLocation): { fixes?: ReturnType<typeof sarifFix>[] } {
  const fixes = (finding.fixes ?? []).filter((fix) => fix.files === undefined || fix.files.length === 0);
  return fixes.length === 0 ? {} : { fixes: fixes.map((fix) => sarifFix(fix, artifact)) };
}
