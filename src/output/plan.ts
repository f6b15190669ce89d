import type { Analysis } from '../engine/analysis.js';
import { displayLocation, displayPath } from '../engine/describe.js';
import type { Finding } from '../engine/finding.js';
import { alternativePlanAt, type PlanSnippet } from '../multistage/index.js';

/** One step of the fix plan. */
export interface PlanStep {
  ruleId: string;
  severity: Finding['severity'];
  /** What to change, in one line. */
  change: string;
  /** Where the problem is: `path:line:column`. */
  location: string;
  /** Where the automatic fix edits, when there is one. */
  editLocation: string | undefined;
  /** Whether `compose-lint lint --fix` makes this change. */
  automatic: boolean;
  /** Set when only `compose-lint lint --fix --unsafe` makes this change. */
  unsafe?: true;
  /** Files the automatic fix creates, when it creates any. */
  newFiles?: string[];
  why: string;
  /** Versions or decisions the change depends on. */
  needs: string;
  /** Text to write by hand, for a change that compose-lint cannot make. */
  snippets?: PlanSnippet[];
}

export interface Plan {
  project: string;
  steps: PlanStep[];
}

/**
 * Steps run in this order: first what stops any build (syntax, missing
 * files), then the keys and names to correct, then the dependencies to
 * declare, then what needs a decision.
 */
const stepOrder = [
  'yaml-syntax',
  'compose-schema',
  'compose-interpolation',
  'dockerfile-syntax',
  'missing-build-path',
  'missing-build-target',
  'unknown-context-service',
  'unmatchable-context-key',
  'undeclared-build-dependency',
  'build-cycle',
];

const contextNeeds =
  'BuildKit with Docker Compose 2.33 or later using Bake (the default since 2.37), or 2.34 or later with the ' +
  'embedded builder. The classic builder (DOCKER_BUILDKIT=0) rejects additional_contexts: build in order with the ' +
  'script from `compose-lint order --format sh` instead.';

const decisionRules = new Set(['build-cycle', 'image-name-collision']);

const rewriteNeeds =
  'A review of the new Dockerfile before you commit it: the fix is unsafe because it moves each build to a new stage, ' +
  'and to a new context when the services had different ones.';

function needsOf(finding: Finding, snippets: PlanSnippet[] | undefined): string {
  if (finding.ruleId === 'undeclared-build-dependency' || finding.ruleId === 'unknown-context-service') return contextNeeds;
  if (snippets !== undefined) return contextNeeds;
  if (finding.ruleId === 'duplicated-base-instructions' && finding.fixes?.some((fix) => fix.safety === 'unsafe')) return rewriteNeeds;
  if (decisionRules.has(finding.ruleId)) {
    return 'Your decision: compose-lint cannot choose which dependency to remove or which service owns the image.';
  }
  return 'Nothing beyond the change itself.';
}

function rank(ruleId: string): number {
  const index = stepOrder.indexOf(ruleId);
  return index === -1 ? stepOrder.length : index;
}

export function buildPlan(analysis: Analysis, findings: Finding[]): Plan {
  const steps = findings
    .filter((finding) => finding.severity !== 'info')
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => rank(a.finding.ruleId) - rank(b.finding.ruleId) || a.index - b.index)
    .map(({ finding }): PlanStep => {
      const safe = finding.fixes?.find((candidate) => candidate.safety === 'safe');
      const unsafe = safe === undefined ? finding.fixes?.find((candidate) => candidate.safety === 'unsafe') : undefined;
      const fix = safe ?? unsafe;
      const created = fix?.files?.filter((change) => change.kind === 'create').map((change) => displayPath(analysis, change.file));
      const edit = fix?.edits[0];
      const alternative = finding.ruleId === 'duplicated-base-instructions' ? alternativePlanAt(analysis, finding.range) : undefined;
      const snippets = alternative?.snippets;
      // Without a fix, the heading is the message's first sentence, and the
      // rest of the message explains it, so nothing is said twice.
      const heading = fix?.title ?? alternative?.change ?? firstSentence(finding.message);
      const rest = finding.message.slice(heading.length).trim();
      return {
        ruleId: finding.ruleId,
        severity: finding.severity,
        change: heading,
        location: displayLocation(analysis, finding.range),
        editLocation: edit === undefined ? undefined : `${displayPath(analysis, edit.range.file)}:${edit.range.start.line}`,
        automatic: safe !== undefined,
        ...(unsafe === undefined ? {} : { unsafe: true as const }),
        ...(created === undefined || created.length === 0 ? {} : { newFiles: created }),
        why: finding.message.startsWith(heading) && rest !== '' ? rest : finding.message,
        needs: needsOf(finding, snippets),
        ...(snippets === undefined ? {} : { snippets }),
      };
    });
  return { project: analysis.project.name, steps };
}

function firstSentence(message: string): string {
  const end = message.search(/\.(\s|$)/);
  return end === -1 ? message : message.slice(0, end + 1);
}

export function formatPlanMarkdown(plan: Plan): string {
  if (plan.steps.length === 0) {
    return `# Fix plan for project "${plan.project}"\n\nNothing to change: the builds of this project are correct.\n`;
  }

  const automatic = plan.steps.filter((step) => step.automatic).length;
  const lines = [
    `# Fix plan for project "${plan.project}"`,
    '',
    `${plan.steps.length} ${plan.steps.length === 1 ? 'step' : 'steps'}; ${automatic} of them ` +
      `${automatic === 1 ? 'has' : 'have'} a safe automatic fix that \`compose-lint lint --fix\` applies.`,
  ];
  plan.steps.forEach((step, index) => {
    lines.push(
      '',
      `## ${index + 1}. ${step.change}`,
      '',
      `- Where: ${step.location} (${step.ruleId}, ${step.severity})`,
      `- Change: ${describeChange(step)}`,
      `- Why: ${step.why}`,
      `- Needs: ${step.needs}`,
    );
    for (const snippet of step.snippets ?? []) {
      lines.push('', snippet.title, '', `\`\`\`${snippet.language}`, snippet.text.replace(/\n$/, ''), '```');
    }
  });
  return `${lines.join('\n')}\n`;
}

function describeChange(step: PlanStep): string {
  if (step.automatic) return `automatic, in ${step.editLocation}`;
  const places = [...(step.editLocation === undefined ? [] : [step.editLocation]), ...(step.newFiles ?? []).map((file) => `new ${file}`)];
  if (step.unsafe) return `with \`compose-lint lint --fix --unsafe\`, in ${places.join(', ')}`;
  if (step.snippets === undefined) return 'by hand';
  return step.snippets.length > 0 ? 'by hand, as follows' : 'by hand, together with the step that lists what to write';
}

export function formatPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
