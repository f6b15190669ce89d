import type { DockerfileModel, Instruction } from '../../src/dockerfile/types.js';
import type { SourceRange } from '../../src/source.js';

/** `line:column-line:column` of a range. */
export function span(range: SourceRange): string {
  return `${range.start.line}:${range.start.column}-${range.end.line}:${range.end.column}`;
}

/**
 * Returns the part of a Dockerfile model that the `fixtures/dockerfiles/*.expected.json`
 * files pin down: directives, every instruction with its flags, arguments,
 * heredocs and ranges, and the findings.
 */
export function modelSubset(model: DockerfileModel): unknown {
  return {
    escapeCharacter: model.escapeCharacter,
    directives: model.directives.map((directive) => ({ name: directive.name, value: directive.value, range: span(directive.range) })),
    instructions: model.instructions.map(instructionSubset),
    findings: model.findings.map((finding) => `${finding.ruleId} ${span(finding.range)}`),
  };
}

function instructionSubset(instruction: Instruction): Record<string, unknown> {
  const subset: Record<string, unknown> = { keyword: instruction.keyword, range: span(instruction.range) };
  if (instruction.flags.length > 0) {
    subset.flags = instruction.flags.map((flag) => [flag.name, flag.value ?? null, span(flag.range)]);
  }
  if (instruction.keyword !== 'ONBUILD') {
    subset.arguments = instruction.arguments.map((argument) => [argument.value, span(argument.range)]);
  }
  if (instruction.json) subset.json = true;
  if (instruction.heredocs.length > 0) {
    subset.heredocs = instruction.heredocs.map((heredoc) => ({
      name: heredoc.name,
      body: heredoc.body,
      expand: heredoc.expand,
      chomp: heredoc.chomp,
      fileDescriptor: heredoc.fileDescriptor,
      range: span(heredoc.range),
    }));
  }
  if (instruction.declarations !== undefined) {
    subset.declarations = instruction.declarations.map((declaration) => [declaration.name, declaration.defaultValue ?? null]);
  }
  if (instruction.properties !== undefined) {
    subset.properties = instruction.properties.map((property) => [property.key, property.value]);
  }
  if (instruction.trigger !== undefined) subset.trigger = instructionSubset(instruction.trigger);
  subset.normalizedText = instruction.normalizedText;
  return subset;
}
