import { rules } from '../../rules/index.js';
import { isEnabledByDefault, ruleDocsUrl, type RuleMeta } from '../engine/rule.js';
import type { CommandArguments } from './arguments.js';
import { ExitCode, type Io } from './io.js';

/** One rule as `compose-lint rules --format json` lists it. */
export interface RuleListing {
  id: string;
  description: string;
  /** The severity the rule reports at when the configuration does not set one. */
  severity: RuleMeta['severity'];
  enabledByDefault: boolean;
  fixable: boolean;
  docs: string;
}

/** `compose-lint rules`: lists every rule with its default severity, whether it is fixable and its documentation. */
export function runRulesCommand(options: CommandArguments, io: Io): number {
  const listings: RuleListing[] = [...rules]
    .map(({ meta }) => ({
      id: meta.id,
      description: meta.description,
      severity: meta.severity,
      enabledByDefault: isEnabledByDefault(meta),
      fixable: meta.fixable,
      docs: ruleDocsUrl(meta.id),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));

  io.stdout(options.format === 'json' ? `${JSON.stringify(listings, null, 2)}\n` : formatTable(listings));
  return ExitCode.clean;
}

/** Formats an aligned table. A rule that is off by default shows `off` and the severity it reports at when it is turned on. */
function formatTable(listings: RuleListing[]): string {
  const rows = [
    ['rule', 'severity', 'fixable', 'documentation'],
    ...listings.map((listing) => [
      listing.id,
      listing.enabledByDefault ? listing.severity : `off (${listing.severity})`,
      listing.fixable ? 'yes' : 'no',
      listing.docs,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')).join('\n') + '\n';
}
