import { Scalar } from 'yaml';
import { PieceMapping, SpanMapping, type OffsetMapping, type OffsetPiece } from './offset-map.js';

/** Text of one source line inside a scalar, and its offset in the file. */
interface SourceLine {
  offset: number;
  content: string;
}

/**
 * Maps offsets in the value of a string scalar to offsets in the file text.
 *
 * Folding changes only the breaks between lines, so each source line, cut of
 * its indentation, appears in the value in order. The lines are aligned with
 * the value and every character of them maps exactly. Escapes (`\t`, `''`)
 * do not copy text, so such scalars fall back to the whole scalar span.
 */
export function mapScalarValue(scalar: Scalar, value: string, text: string): OffsetMapping {
  const [start, end] = scalar.range ?? [0, 0];
  const fallback = new SpanMapping(start, end);

  switch (scalar.type) {
    case Scalar.PLAIN:
      return alignLines(value, splitFlowLines(text, start, end, true), fallback);

    case Scalar.QUOTE_SINGLE:
    case Scalar.QUOTE_DOUBLE: {
      const inner = text.slice(start + 1, end - 1);
      const escape = scalar.type === Scalar.QUOTE_SINGLE ? "''" : '\\';
      if (inner.includes(escape)) return fallback;
      return alignLines(value, splitFlowLines(text, start + 1, end - 1, false), fallback);
    }

    case Scalar.BLOCK_LITERAL:
    case Scalar.BLOCK_FOLDED: {
      const lines = splitBlockLines(scalar, text, end);
      return lines ? alignLines(value, lines, fallback) : fallback;
    }

    default:
      return fallback;
  }
}

/**
 * Splits a plain or quoted scalar into lines. Folding trims the whitespace
 * around line breaks, and a plain scalar has none at its ends either. Inside
 * quotes, the first line keeps its leading space and the last its trailing space.
 */
function splitFlowLines(text: string, start: number, end: number, trimEnds: boolean): SourceLine[] {
  const lines: SourceLine[] = [];
  let lineStart = start;

  while (lineStart <= end) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline < 0 || newline > end ? end : newline;
    const isFirst = lineStart === start;
    const isLast = lineEnd === end;

    let contentStart = lineStart;
    let contentEnd = lineEnd;
    if (!isFirst || trimEnds) while (contentStart < contentEnd && isBlank(text[contentStart]!)) contentStart++;
    if (!isLast || trimEnds) while (contentEnd > contentStart && isBlank(text[contentEnd - 1]!)) contentEnd--;

    lines.push({ offset: contentStart, content: text.slice(contentStart, contentEnd) });
    lineStart = lineEnd + 1;
  }
  return lines;
}

/**
 * Splits the body of a block scalar into lines, each cut of the block's
 * indentation. That is the parent's indentation plus an explicit indentation
 * indicator, or else the indentation of the first non-empty line, as the
 * `yaml` package computes it. Returns `undefined` without a source token.
 */
function splitBlockLines(scalar: Scalar, text: string, end: number): SourceLine[] | undefined {
  const token = scalar.srcToken;
  if (!token || token.type !== 'block-scalar') return undefined;

  const bodyStart = end - token.source.length;
  if (text.slice(bodyStart, end) !== token.source) return undefined;

  const header = token.props[0]?.type === 'block-scalar-header' ? token.props[0].source : '';
  const indicator = /[1-9]/.exec(header);
  const rawLines = token.source.split('\n');
  const firstContentLine = rawLines.find((line) => line.trim() !== '');
  const blockIndent = indicator
    ? token.indent + Number(indicator[0])
    : (firstContentLine?.length ?? 0) - (firstContentLine?.trimStart().length ?? 0);

  const lines: SourceLine[] = [];
  let offset = bodyStart;
  for (const rawLine of rawLines) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    const leadingSpaces = line.length - line.replace(/^ +/, '').length;
    const cut = Math.min(leadingSpaces, blockIndent);
    lines.push({ offset: offset + cut, content: line.slice(cut) });
    offset += rawLine.length + 1;
  }
  return lines;
}

/** Finds each line in `value` in order, with only whitespace between them. */
function alignLines(value: string, lines: SourceLine[], fallback: SpanMapping): OffsetMapping {
  const pieces: OffsetPiece[] = [];
  let cursor = 0;

  for (const { offset, content } of lines) {
    if (content.trim() === '') continue;
    const index = value.indexOf(content, cursor);
    if (index < 0 || !isWhitespace(value.slice(cursor, index))) return fallback;

    const end = index + content.length;
    pieces.push({ start: index, end, sourceStart: offset, sourceEnd: offset + content.length, exact: true });
    cursor = end;
  }

  if (!isWhitespace(value.slice(cursor))) return fallback;
  return new PieceMapping(pieces, fallback.sourceStart);
}

function isBlank(character: string): boolean {
  return character === ' ' || character === '\t' || character === '\r';
}

function isWhitespace(text: string): boolean {
  return /^[ \t\n]*$/.test(text);
}
