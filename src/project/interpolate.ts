import { PieceMapping, type OffsetMapping, type OffsetPiece } from './offset-map.js';

/**
 * Compose variable substitution in string values, with the syntax and
 * messages of compose-go `template/template.go`:
 *
 * - `$$` is a literal `$`; `$` before anything but a name or `{` stays literal;
 * - `$NAME` and `${NAME}` with NAME matching `[_a-zA-Z][_a-zA-Z0-9]*`;
 * - `${NAME:-default}` and `${NAME-default}` when unset or empty, or unset only;
 * - `${NAME:?message}` and `${NAME?message}` fail when unset or empty, or unset only;
 * - `${NAME:+alternative}` and `${NAME+alternative}` when set and non-empty, or set;
 * - defaults, messages and alternatives are substituted themselves, so they nest.
 */

/** The value of a variable, or `undefined` when it is not set. */
export type VariableLookup = (name: string) => string | undefined;

export type InterpolationIssue =
  | { kind: 'invalid'; start: number; end: number; expression: string }
  | { kind: 'required'; start: number; end: number; name: string; reason: string }
  | { kind: 'unset'; start: number; end: number; name: string };

export interface Interpolation {
  value: string;
  /** Offsets of `value` back to offsets of the template. */
  mapping: OffsetMapping;
  /** Problems in template order. `start` and `end` delimit the `$` expression in the template. */
  issues: InterpolationIssue[];
}

const namePattern = /[_a-zA-Z][_a-zA-Z0-9]*/y;

/** Substitutes the variables of `template` and records where each output run came from. */
export function interpolate(template: string, lookup: VariableLookup): Interpolation {
  const output = new OutputBuilder();
  const issues: InterpolationIssue[] = [];
  substitute(template, 0, template.length, lookup, output, issues);
  return { value: output.text, mapping: new PieceMapping(output.pieces, 0), issues };
}

/** Formats an issue as Compose words it. `path` names the YAML value, as in `services.web.image`. */
export function describeInterpolationIssue(issue: InterpolationIssue, path?: string): string {
  switch (issue.kind) {
    case 'invalid': {
      const where = path ? ` for ${path}` : '';
      return `invalid interpolation format${where}: ${JSON.stringify(issue.expression)} (write a literal $ as $$)`;
    }
    case 'required':
      return issue.reason
        ? `required variable ${issue.name} is missing a value: ${issue.reason}`
        : `required variable ${issue.name} is missing a value`;
    case 'unset':
      return `The "${issue.name}" variable is not set. Defaulting to a blank string.`;
  }
}

class OutputBuilder {
  text = '';
  readonly pieces: OffsetPiece[] = [];

  /** Appends `template[sourceStart, sourceEnd)` unchanged. */
  copy(template: string, sourceStart: number, sourceEnd: number): void {
    if (sourceEnd <= sourceStart) return;
    const start = this.text.length;
    this.text += template.slice(sourceStart, sourceEnd);
    const last = this.pieces.at(-1);
    if (last?.exact && last.end === start && last.sourceEnd === sourceStart) {
      last.end = this.text.length;
      last.sourceEnd = sourceEnd;
      return;
    }
    this.pieces.push({ start, end: this.text.length, sourceStart, sourceEnd, exact: true });
  }

  /** Appends `value` in place of the whole of `template[sourceStart, sourceEnd)`. */
  replace(value: string, sourceStart: number, sourceEnd: number): void {
    if (value === '') return;
    const start = this.text.length;
    this.text += value;
    this.pieces.push({ start, end: this.text.length, sourceStart, sourceEnd, exact: false });
  }
}

/** Substitutes `template[from, to)` into `output`. */
function substitute(
  template: string,
  from: number,
  to: number,
  lookup: VariableLookup,
  output: OutputBuilder,
  issues: InterpolationIssue[],
): void {
  let literalStart = from;
  let index = from;

  while (index < to) {
    const dollar = template.indexOf('$', index);
    if (dollar < 0 || dollar + 1 >= to) break;

    const next = template[dollar + 1];
    if (next === '$') {
      output.copy(template, literalStart, dollar);
      output.replace('$', dollar, dollar + 2);
      index = literalStart = dollar + 2;
      continue;
    }

    if (next === '{') {
      output.copy(template, literalStart, dollar);
      const end = substituteBraced(template, dollar, to, lookup, output, issues);
      index = literalStart = end;
      continue;
    }

    const name = matchName(template, dollar + 1, to);
    if (name === undefined) {
      index = dollar + 1;
      continue;
    }

    output.copy(template, literalStart, dollar);
    const end = dollar + 1 + name.length;
    const value = lookup(name);
    if (value === undefined) issues.push({ kind: 'unset', start: dollar, end, name });
    output.replace(value ?? '', dollar, end);
    index = literalStart = end;
  }

  output.copy(template, literalStart, to);
}

/**
 * Substitutes the `${…}` expression that starts at `dollar` and returns the
 * offset just past it. An invalid expression is copied unchanged up to `to`.
 */
function substituteBraced(
  template: string,
  dollar: number,
  to: number,
  lookup: VariableLookup,
  output: OutputBuilder,
  issues: InterpolationIssue[],
): number {
  const bodyStart = dollar + 2;
  const close = findClosingBrace(template, bodyStart, to);
  const name = matchName(template, bodyStart, close ?? to);

  const rejectExpression = (): number => {
    const end = close === undefined ? to : close + 1;
    issues.push({ kind: 'invalid', start: dollar, end, expression: template.slice(dollar, end) });
    output.copy(template, dollar, end);
    return end;
  };

  if (close === undefined || name === undefined) return rejectExpression();

  const end = close + 1;
  const operatorStart = bodyStart + name.length;
  const value = lookup(name);

  if (operatorStart === close) {
    if (value === undefined) issues.push({ kind: 'unset', start: dollar, end, name });
    output.replace(value ?? '', dollar, end);
    return end;
  }

  const operator = matchOperator(template, operatorStart);
  const argumentStart = operatorStart + (operator?.length ?? 0);
  // Compose matches the argument with Go's `.*`, which stops at a line break.
  if (operator === undefined || template.slice(argumentStart, close).includes('\n')) {
    return rejectExpression();
  }

  const checksEmpty = operator.startsWith(':');
  const isSet = value !== undefined && (!checksEmpty || value !== '');

  switch (operator) {
    case ':-':
    case '-':
      if (isSet) output.replace(value, dollar, end);
      else substitute(template, argumentStart, close, lookup, output, issues);
      return end;

    case ':+':
    case '+':
      if (isSet) substitute(template, argumentStart, close, lookup, output, issues);
      else output.replace(value ?? '', dollar, end);
      return end;

    case ':?':
    case '?': {
      if (isSet) {
        output.replace(value, dollar, end);
        return end;
      }
      const reason = new OutputBuilder();
      substitute(template, argumentStart, close, lookup, reason, issues);
      issues.push({ kind: 'required', start: dollar, end, name, reason: reason.text });
      return end;
    }
  }
}

const operators = [':-', ':?', ':+', '-', '?', '+'] as const;

function matchOperator(template: string, offset: number): (typeof operators)[number] | undefined {
  return operators.find((operator) => template.startsWith(operator, offset));
}

function matchName(template: string, offset: number, to: number): string | undefined {
  namePattern.lastIndex = offset;
  const match = namePattern.exec(template);
  if (!match) return undefined;
  return match[0].slice(0, Math.max(0, to - offset)) || undefined;
}

/**
 * Finds the `}` that closes the `{` just before `from`. Every `{` inside
 * opens a level, as in compose-go, so `${A:-{x}}` has the default `{x}`.
 */
function findClosingBrace(template: string, from: number, to: number): number | undefined {
  let depth = 1;
  for (let index = from; index < to; index++) {
    const character = template[index];
    if (character === '{') depth++;
    if (character === '}' && --depth === 0) return index;
  }
  return undefined;
}
