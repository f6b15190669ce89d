import { describe, expect, test } from 'vitest';
import { parseDotEnv } from '../src/project/dotenv.js';

const processEnvironment = new Map([
  ['FROM_PROCESS', 'process'],
  ['PASSED', 'passed through'],
]);

function parse(text: string): ReturnType<typeof parseDotEnv> {
  return parseDotEnv('/project/.env', text, (name) => processEnvironment.get(name));
}

describe('dotenv values', () => {
  test.each([
    ['A=1', 'A', '1'],
    ['export A=1', 'A', '1'],
    ['A: yaml style', 'A', 'yaml style'],
    ['A =  spaced  ', 'A', 'spaced'],
    ['A=', 'A', ''],
    ['A=unquoted # comment', 'A', 'unquoted'],
    ['A=hash#kept', 'A', 'hash#kept'],
    ['A="double # kept"', 'A', 'double # kept'],
    ['A="tab\\there"', 'A', 'tab\there'],
    ['A="new\\nline"', 'A', 'new\nline'],
    ['A="octal \\0101"', 'A', 'octal A'],
    ['A="quote \\" inside"', 'A', 'quote " inside'],
    ['A="dollar \\$FROM_PROCESS"', 'A', 'dollar $FROM_PROCESS'],
    ['A="unknown \\q escape"', 'A', 'unknown \\q escape'],
    ['A="spans\nlines"', 'A', 'spans\nlines'],
    ["A='single $FROM_PROCESS \\n'", 'A', 'single $FROM_PROCESS \\n'],
    ["A='it\\'s'", 'A', "it's"],
    ['A=${FROM_PROCESS}-x', 'A', 'process-x'],
    ['A="${FROM_PROCESS:-d}"', 'A', 'process'],
    ['B=first\nA=${B}-second', 'A', 'first-second'],
    ['PASSED', 'PASSED', 'passed through'],
    ['A=1\r\nB=2\r\n', 'A', '1'],
    ['\uFEFFA=bom', 'A', 'bom'],
    ['# comment\n\n  A=indented', 'A', 'indented'],
    ['A.B-C[0]=odd key', 'A.B-C[0]', 'odd key'],
  ])('%j sets %s', (text, key, expected) => {
    const dotEnv = parse(text);
    expect(dotEnv.values.get(key)).toBe(expected);
    expect(dotEnv.findings).toEqual([]);
  });

  test('bare unknown key skipped', () => {
    expect([...parse('MISSING\nA=1').values.keys()]).toEqual(['A']);
  });
});

describe('dotenv findings', () => {
  test.each([
    ['A=1\nB!=2\nC=3', 'compose-env-file error 2:2-2:3 unexpected character "!" in variable name "B!=2"'],
    ['A B=1', 'compose-env-file error 1:1-1:4 variable name "A B" must not contain a space'],
    ['A=1\nB="open\nC=3', 'compose-env-file error 2:3-2:8 unterminated quoted value "open'],
    ['A=${NOPE}', 'compose-interpolation warning 1:3-1:10 The "NOPE" variable is not set. Defaulting to a blank string.'],
    ['A=x ${NOPE:?needed}', 'compose-interpolation error 1:5-1:20 required variable NOPE is missing a value: needed'],
    ['A="${NOPE:?needed}"', 'compose-interpolation error 1:4-1:19 required variable NOPE is missing a value: needed'],
    ['A="\\t${NOPE:?needed}"', 'compose-interpolation error 1:3-1:22 required variable NOPE is missing a value: needed'],
  ])('%j reports', (text, expected) => {
    const findings = parse(text).findings.map(
      (finding) =>
        `${finding.ruleId} ${finding.severity} ${finding.range.start.line}:${finding.range.start.column}-` +
        `${finding.range.end.line}:${finding.range.end.column} ${finding.message}`,
    );
    expect(findings).toEqual([expected]);
  });

  test('parsing continues after bad line', () => {
    expect(parse('A=1\nB!=2\nC=3').values.get('C')).toBe('3');
  });
});
