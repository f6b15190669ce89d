import { describe, expect, test } from 'vitest';
import { describeInterpolationIssue, interpolate } from '../src/project/interpolate.js';

const environment = new Map([
  ['SET', 'value'],
  ['EMPTY', ''],
  ['lower_case', 'lower'],
]);
const lookup = (name: string): string | undefined => environment.get(name);

function messagesOf(template: string): string[] {
  return interpolate(template, lookup).issues.map((issue) => describeInterpolationIssue(issue));
}

describe('interpolate values', () => {
  test.each([
    ['plain $SET', 'plain value'],
    ['${SET}', 'value'],
    ['${SET}more', 'valuemore'],
    ['$lower_case', 'lower'],
    ['$SET_MORE', ''],
    ['${UNSET}', ''],
    ['${UNSET:-default}', 'default'],
    ['${EMPTY:-default}', 'default'],
    ['${SET:-default}', 'value'],
    ['${UNSET-default}', 'default'],
    ['${EMPTY-default}', ''],
    ['${SET:?message}', 'value'],
    ['${EMPTY?message}', ''],
    ['${SET:+alternative}', 'alternative'],
    ['${EMPTY:+alternative}', ''],
    ['${EMPTY+alternative}', 'alternative'],
    ['${UNSET+alternative}', ''],
    ['${UNSET:-${ALSO_UNSET:-c}}', 'c'],
    ['${UNSET:-$SET/x}', 'value/x'],
    ['${UNSET:-{braced}}', '{braced}'],
    ['${UNSET:-a}-${SET}', 'a-value'],
    ['$$SET', '$SET'],
    ['$$', '$'],
    ['$1 and $-x', '$1 and $-x'],
    ['cost: 5$', 'cost: 5$'],
    ['no variables', 'no variables'],
  ])('%s becomes %j', (template, expected) => {
    expect(interpolate(template, lookup).value).toBe(expected);
  });
});

describe('interpolate issues', () => {
  test.each([
    ['${SET} $SET ${UNSET:-x} ${EMPTY?e}', []],
    ['${UNSET}', ['The "UNSET" variable is not set. Defaulting to a blank string.']],
    ['$UNSET', ['The "UNSET" variable is not set. Defaulting to a blank string.']],
    ['${UNSET:?needs a value}', ['required variable UNSET is missing a value: needs a value']],
    ['${EMPTY:?needs a value}', ['required variable EMPTY is missing a value: needs a value']],
    ['${UNSET?needs a value}', ['required variable UNSET is missing a value: needs a value']],
    ['${UNSET:?}', ['required variable UNSET is missing a value']],
    ['${UNSET:?set it like $SET}', ['required variable UNSET is missing a value: set it like value']],
    ['${SET:-${UNUSED:?never checked}}', []],
    ['${}', ['invalid interpolation format: "${}" (write a literal $ as $$)']],
    ['${1A}', ['invalid interpolation format: "${1A}" (write a literal $ as $$)']],
    ['${A B}', ['invalid interpolation format: "${A B}" (write a literal $ as $$)']],
    ['${A:x}', ['invalid interpolation format: "${A:x}" (write a literal $ as $$)']],
    ['${A:-one\ntwo}', ['invalid interpolation format: "${A:-one\\ntwo}" (write a literal $ as $$)']],
    ['tail ${A', ['invalid interpolation format: "${A" (write a literal $ as $$)']],
  ])('%j reports %j', (template, expected) => {
    expect(messagesOf(template)).toEqual(expected);
  });

  test('issue offsets span expression', () => {
    const [issue] = interpolate('x ${NOPE:-${UNSET}} y', lookup).issues;
    expect(issue).toEqual({ kind: 'unset', start: 10, end: 18, name: 'UNSET' });
  });

  test('path named in message', () => {
    const [issue] = interpolate('${', lookup).issues;
    expect(describeInterpolationIssue(issue!, 'services.web.image')).toBe(
      'invalid interpolation format for services.web.image: "${" (write a literal $ as $$)',
    );
  });
});

describe('interpolate mapping', () => {
  const { value, mapping } = interpolate('a ${SET} ${UNSET:-dflt} $$ z', lookup);

  test('value as expected', () => {
    expect(value).toBe('a value dflt $ z');
  });

  test.each([
    ['literal before', 0, 0],
    ['substituted value', value.indexOf('value') + 2, 2],
    ['literal after', value.indexOf(' dflt'), 8],
    ['default text', value.indexOf('dflt') + 1, 19],
    ['escaped dollar', value.indexOf('$'), 24],
    ['last literal', value.indexOf('z'), 27],
  ])('%s start', (_case, offset, expected) => {
    expect(mapping.startOf(offset)).toBe(expected);
  });

  test('end covers expression', () => {
    expect(mapping.endOf(value.indexOf('value') + 5)).toBe(8);
  });
});
