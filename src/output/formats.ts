import type { commandFormats } from '../cli/arguments.js';
import type { Formatter } from './report.js';

/** The names `lint --format` accepts. */
export type LintFormat = (typeof commandFormats)['lint'][number];

/**
 * Each lint format's formatter, imported when it is first used, so that a
 * run pays only for the format it prints (the stylish one loads vfile and
 * its reporter).
 */
const formatterLoaders: Record<LintFormat, () => Promise<Formatter>> = {
  async stylish() {
    const { formatStylish } = await import('./stylish.js');
    return (report) => {
      const text = formatStylish(report.findings, { cwd: report.cwd, color: report.color });
      return text === '' ? '' : `${text}\n`;
    };
  },
  async json() {
    const { formatJson } = await import('./json.js');
    return (report) => formatJson(report.findings, report.files);
  },
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => (await import('./github.js')).formatGithub,
  junit: async () => (await import('./junit.js')).formatJunit,
  gitlab: async () => (await import('./gitlab.js')).formatGitlab,
  checkstyle: async () => (await import('./checkstyle.js')).formatCheckstyle,
  compact: async () => (await import('./compact.js')).formatCompact,
};

export function loadFormatter(format: LintFormat): Promise<Formatter> {
  return formatterLoaders[format]();
}
