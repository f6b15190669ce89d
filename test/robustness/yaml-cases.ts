import { composeWithBuild, type RobustnessCase } from './case.js';

const dockerfile = 'FROM alpine\n';

/** Returns a project of a compose file and a Dockerfile beside it, so only the compose file is wrong. */
function project(compose: string | Buffer | (() => string | Buffer)): RobustnessCase['files'] {
  return { 'compose.yaml': compose, Dockerfile: dockerfile };
}

const syntaxErrors: RobustnessCase[] = [
  {
    name: 'YAML unclosed flow sequence',
    files: project('services:\n  app:\n    build: [\n'),
    expected: { finding: 'compose.yaml:4:1 yaml-syntax', message: /Flow sequence/ },
  },
  {
    name: 'YAML unclosed flow mapping',
    files: project('services:\n  app: {build: .\n'),
    expected: { finding: 'compose.yaml:3:1 yaml-syntax', message: /Flow map/ },
  },
  {
    name: 'YAML stray closing bracket',
    files: project('services:\n  app:\n    build: .\n]\n'),
    expected: { finding: 'compose.yaml:4:1 yaml-syntax', message: /Unexpected flow-seq-end/ },
  },
  {
    name: 'YAML stray closing brace',
    files: project('services:\n  app:\n    build: {context: .}}\n'),
    expected: { finding: 'compose.yaml:3:24 yaml-syntax', message: /Unexpected flow-map-end/ },
  },
  {
    name: 'YAML misaligned mapping items',
    files: project('services:\n  app:\n    build: .\n   image: alpine\n'),
    expected: { finding: 'compose.yaml:4:1 yaml-syntax', message: /same column/ },
  },
  {
    name: 'YAML unterminated double quote',
    files: project('services:\n  app:\n    build: "./app\n'),
    expected: { finding: 'compose.yaml:4:1 yaml-syntax', message: /closing "quote/ },
  },
  {
    name: 'YAML unterminated single quote',
    files: project("services:\n  app:\n    build: './app\n"),
    expected: { finding: "compose.yaml:4:1 yaml-syntax", message: /closing 'quote/ },
  },
  {
    name: 'YAML invalid escape sequence',
    files: project('services:\n  app:\n    build: "\\q"\n'),
    expected: { finding: 'compose.yaml:3:13 yaml-syntax', message: /Invalid escape sequence/ },
  },
  {
    name: 'YAML tab indentation',
    files: project('services:\n\tapp:\n\t\tbuild: .\n'),
    expected: { finding: 'compose.yaml:2:1 yaml-syntax', message: /Tabs/ },
  },
  {
    name: 'YAML compact nested mapping',
    files: project('services:\n  app: build: .\n'),
    expected: { finding: 'compose.yaml:2:8 yaml-syntax', message: /compact mappings/ },
  },
  {
    name: 'YAML multi-line implicit key',
    files: project('services:\n  app\n  more: {build: .}\n'),
    expected: { finding: 'compose.yaml:2:3 yaml-syntax', message: /single line/ },
  },
  {
    name: 'YAML unknown anchor',
    files: project('services:\n  app:\n    build: *missing\n'),
    expected: { finding: 'compose.yaml:3:12 yaml-syntax', message: /unknown anchor "missing"/ },
  },
  {
    name: 'YAML alias inside its anchor',
    files: project('services:\n  app: &app\n    build: .\n    labels: *app\n'),
    expected: { finding: 'compose.yaml:4:13 yaml-syntax', message: /alias to itself/ },
  },
  {
    name: 'YAML unknown tag',
    files: project('services:\n  app:\n    build: !unknown .\n'),
    expected: { finding: 'compose.yaml:3:12 yaml-syntax', message: /tag/, exit: 0 },
  },
  {
    name: 'YAML second document broken',
    files: project('services:\n  app:\n    build: .\n---\nservices: [\n'),
    expected: { finding: 'compose.yaml:6:1 yaml-syntax' },
  },
];

/**
 * Every field of the long `build:` form, given a value of a type the
 * compose specification does not allow there. `^` marks where the finding
 * must start, at the value or at the item inside it that has the wrong type.
 */
const wrongBuildTypes: Array<[field: string, value: string]> = [
  ['context', '^[.]'],
  ['dockerfile', '^{name: Dockerfile}'],
  ['dockerfile_inline', '^[FROM alpine]'],
  ['entitlements', '^network.host'],
  ['args', '^1'],
  ['args', '{VERSION: ^[1]}'],
  ['args', '[^[VERSION=1]]'],
  ['ssh', '^true'],
  ['labels', '^1.5'],
  ['labels', '{team: ^{name: web}}'],
  ['cache_from', '^type=local'],
  ['cache_from', '[^{type: local}]'],
  ['cache_to', '^{type: local}'],
  ['no_cache', '^[true]'],
  ['additional_contexts', '^1'],
  ['additional_contexts', '{base: ^[service:base]}'],
  ['network', '^[host]'],
  ['pull', '^{always: true}'],
  ['target', '^[prod]'],
  ['shm_size', '^[2gb]'],
  ['extra_hosts', '^1'],
  ['extra_hosts', '{db: ^{ip: 10.0.0.1}}'],
  ['isolation', '^[default]'],
  ['privileged', '^[true]'],
  ['secrets', '^1'],
  ['secrets', '[^1]'],
  ['tags', '^app:latest'],
  ['tags', '[^[app:latest]]'],
  ['ulimits', '^nofile'],
  ['ulimits', '{nofile: ^[1024]}'],
  ['platforms', '^linux/amd64'],
  ['provenance', '^1'],
  ['sbom', '^[true]'],
  ['no_cache_filter', '^{stage: true}'],
];

const wrongTypes: RobustnessCase[] = [
  {
    name: 'build wrong type number',
    files: project('services:\n  app:\n    build: 1\n'),
    expected: { finding: 'compose.yaml:3:12 compose-schema', message: /build must be/ },
  },
  {
    name: 'build wrong type sequence',
    files: project('services:\n  app:\n    build: [.]\n'),
    expected: { finding: 'compose.yaml:3:12 compose-schema', message: /build must be/ },
  },
  {
    name: 'build wrong type boolean',
    files: project('services:\n  app:\n    build: true\n'),
    expected: { finding: 'compose.yaml:3:12 compose-schema', message: /build must be/ },
  },
  {
    name: 'services wrong type sequence',
    files: project('services: [app]\n'),
    expected: { finding: 'compose.yaml:1:11 compose-schema', message: /services must be a mapping/ },
  },
  {
    name: 'service wrong type string',
    files: project('services:\n  app: alpine\n'),
    expected: { finding: 'compose.yaml:2:8 compose-schema', message: /services.app must be a mapping/ },
  },
  ...wrongBuildTypes.map(([field, marked]): RobustnessCase => {
    const value = marked.replace('^', '');
    const lines = field === 'context' ? [`context: ${value}`] : ['context: .', `${field}: ${value}`];
    // The line is indented by six spaces, then `field: ` comes before the value.
    const column = 6 + field.length + 2 + marked.indexOf('^') + 1;
    return {
      name: `build.${field} wrong type ${value}`,
      files: project(composeWithBuild(...lines)),
      expected: { finding: `compose.yaml:${2 + lines.length + 1}:${column} compose-schema`, message: new RegExp(`build\\.${field}`) },
    };
  }),
];

const duplicateKeys: RobustnessCase[] = [
  {
    name: 'duplicate key in build',
    files: project(composeWithBuild('context: .', 'target: prod', 'target: dev')),
    expected: { finding: 'compose.yaml:6:7 yaml-syntax', message: /duplicate key "target"/ },
  },
  {
    name: 'duplicate service name',
    files: project('services:\n  app:\n    build: .\n  app:\n    image: alpine\n'),
    expected: { finding: 'compose.yaml:4:3 yaml-syntax', message: /duplicate key "app"/ },
  },
  {
    name: 'duplicate key in flow mapping',
    files: project('services:\n  app: {build: ., build: ./other}\n'),
    expected: { finding: 'compose.yaml:2:19 yaml-syntax', message: /duplicate key "build"/ },
  },
  {
    name: 'duplicate null key',
    files: project('services:\n  app:\n    build: .\n    labels:\n      ~: a\n      null: b\n'),
    expected: { finding: 'compose.yaml:6:7 yaml-syntax', message: /duplicate key "null"/ },
  },
];

/**
 * Builds ten levels of aliases, each a sequence of ten aliases to the level
 * before, so expanding them all would make 10^10 values.
 */
function aliasBomb(): string {
  const lines = ['x-lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let level = 1; level < 10; level++) {
    lines.push(`x-lol${level}: &lol${level} [${Array(10).fill(`*lol${level - 1}`).join(', ')}]`);
  }
  return [...lines, 'services:', '  app:', '    build:', '      context: .', '      tags: *lol9', ''].join('\n');
}

/** Builds `depth` nested flow sequences after `services: `, closed or not. */
function nestedSequences(depth: number, closed: boolean): string {
  return `services: ${'['.repeat(depth)}${closed ? ']'.repeat(depth) : ''}\n`;
}

/** Builds `depth` nested block mappings, each key indented one more space. */
function nestedMappings(depth: number): string {
  const lines = ['services:'];
  for (let level = 1; level <= depth; level++) lines.push(`${' '.repeat(level)}level${level}:`);
  return `${lines.join('\n')} end\n`;
}

/** Returns one label line of the 10 MB compose file. All of them have the same length. */
const labelLine = (index: number): string => `      label${String(index).padStart(7, '0')}: "a label value padded to make the line longer"\n`;
const largeLabelCount = Math.ceil((10 * 1024 * 1024) / labelLine(0).length);

/** Builds a 10 MB compose file: one service with many labels, then a service whose context is missing. */
function largeCompose(): string {
  const parts = ['services:\n', '  app:\n', '    build: .\n', '    labels:\n'];
  for (let index = 0; index < largeLabelCount; index++) parts.push(labelLine(index));
  parts.push('  missing:\n', '    build: ./missing\n');
  return parts.join('');
}

/** Every byte value four times over, which is neither text nor YAML. */
const binaryBytes = Buffer.from(Array.from({ length: 1024 }, (_, index) => (index * 7) % 256));

const sizeAndEncoding: RobustnessCase[] = [
  {
    name: 'alias bomb',
    files: project(aliasBomb),
    expected: { finding: 'compose.yaml:15:13 yaml-syntax', message: /excessive aliasing/ },
  },
  {
    name: 'deep nesting 10,000 unclosed',
    files: project(() => nestedSequences(10_000, false)),
    expected: { finding: 'compose.yaml:1:210 yaml-syntax', message: /nested more than 200 levels/ },
  },
  {
    name: 'deep nesting 10,000 closed',
    files: project(() => nestedSequences(10_000, true)),
    expected: { finding: 'compose.yaml:1:210 yaml-syntax', message: /nested more than 200 levels/ },
  },
  {
    name: 'deep nesting 1,000 block mappings',
    files: project(() => nestedMappings(1_000)),
    expected: { finding: 'compose.yaml:201:201 yaml-syntax', message: /nested more than 200 levels/ },
  },
  {
    name: 'large file 10 MB',
    files: project(largeCompose),
    expected: { finding: `compose.yaml:${4 + largeLabelCount + 2}:12 missing-build-path` },
  },
  {
    name: 'binary content',
    files: project(binaryBytes),
    expected: { finding: 'compose.yaml:1:1 yaml-syntax' },
  },
  {
    name: 'invalid UTF-8',
    files: project(Buffer.concat([Buffer.from('services:\n  app:\n    build: .\n    image: "app-'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')])),
    expected: { finding: 'compose.yaml:4:17 yaml-syntax', message: /UTF-8/ },
  },
  {
    name: 'byte order mark',
    files: project('\uFEFFservices: [app]\n'),
    expected: { finding: 'compose.yaml:1:11 compose-schema' },
  },
  {
    name: 'CRLF line ends',
    files: project('services:\r\n  app:\r\n    build: ./missing\r\n'),
    expected: { finding: 'compose.yaml:3:12 missing-build-path' },
  },
  {
    name: 'CRLF line ends syntax error',
    files: project('services:\r\n  app:\r\n    build: .\r\n   image: alpine\r\n'),
    expected: { finding: 'compose.yaml:4:1 yaml-syntax' },
  },
  {
    name: 'empty file',
    files: project(''),
    expected: { finding: 'compose.yaml:1:1 compose-schema', message: /empty compose file/ },
  },
  {
    name: 'only comments',
    files: project('# services:\n#   app:\n#     build: .\n'),
    expected: { finding: 'compose.yaml:1:1 compose-schema', message: /empty compose file/ },
  },
  {
    name: 'only a document marker',
    files: project('---\n'),
    expected: { finding: 'compose.yaml:1:1 compose-schema', message: /empty compose file/ },
  },
];

export const yamlCases: RobustnessCase[] = [...syntaxErrors, ...wrongTypes, ...duplicateKeys, ...sizeAndEncoding];
