/**
 * Positions and ranges in source files. Lines and columns are 1-based, as
 * editors and ESLint report them; columns count UTF-16 code units, as
 * JavaScript strings and the Language Server Protocol do. `offset` is the
 * 0-based UTF-16 offset into the file text.
 */

export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface SourceRange {
  /** Absolute path of the file the range points into. */
  file: string;
  start: Position;
  end: Position;
}

/**
 * Converts offsets into 1-based line and column positions for one text.
 * Offsets count a leading byte order mark, but columns do not, because
 * editors hide the mark.
 */
export class LineIndex {
  readonly #lineStarts: number[];
  /** Length of the byte order mark that starts the text: 1 or 0. */
  readonly #markLength: number;

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    this.#lineStarts = starts;
    this.#markLength = text.startsWith('\uFEFF') ? 1 : 0;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.#lineStarts[middle]! <= clamped) low = middle;
      else high = middle - 1;
    }
    const lineStart = low === 0 ? Math.min(clamped, this.#markLength) : this.#lineStarts[low]!;
    return { line: low + 1, column: clamped - lineStart + 1, offset: clamped };
  }

  /** Offset of a 1-based line and column; out-of-range values are clamped. */
  offset(line: number, column: number): number {
    const lineIndex = Math.max(0, Math.min(line - 1, this.#lineStarts.length - 1));
    const start = lineIndex === 0 ? this.#markLength : this.#lineStarts[lineIndex]!;
    const next = this.#lineStarts[lineIndex + 1] ?? this.text.length + 1;
    return Math.min(start + Math.max(0, column - 1), next - 1, this.text.length);
  }

  range(file: string, startOffset: number, endOffset: number): SourceRange {
    return { file, start: this.position(startOffset), end: this.position(endOffset) };
  }

  get lineCount(): number {
    return this.#lineStarts.length;
  }
}

/** A range covering the first line of a file, for findings about a whole file. */
export function fileStartRange(file: string): SourceRange {
  const start = { line: 1, column: 1, offset: 0 };
  return { file, start, end: start };
}

export function formatPosition(range: SourceRange): string {
  return `${range.file}:${range.start.line}:${range.start.column}`;
}
