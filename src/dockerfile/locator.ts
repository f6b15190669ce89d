import { LineIndex, type Position, type SourceRange } from '../source.js';

/** A 0-based line and character, as dockerfile-ast and the Language Server Protocol give positions. */
export interface LspPosition {
  line: number;
  character: number;
}

/**
 * Turns offsets into the Dockerfile text into ranges: in the Dockerfile
 * itself, or through `locate` in the compose file that contains the text.
 */
export class Locator {
  readonly #file: string;
  readonly #lineIndex: LineIndex;
  readonly #locate: ((offset: number) => Position) | undefined;
  readonly #hasByteOrderMark: boolean;
  readonly #lspLineStarts: number[];

  constructor(text: string, file: string, locate?: (offset: number) => Position) {
    this.#file = file;
    this.#lineIndex = new LineIndex(text);
    this.#locate = locate;
    this.#hasByteOrderMark = text.startsWith('\uFEFF');
    this.#lspLineStarts = lspLineStarts(text);
  }

  /**
   * Returns the position of an offset. The offset counts a leading byte order
   * mark but the column does not, because editors hide the mark.
   */
  position(offset: number): Position {
    if (this.#locate !== undefined) return this.#locate(offset);

    const position = this.#lineIndex.position(offset);
    if (this.#hasByteOrderMark && position.line === 1 && position.offset > 0) {
      return { ...position, column: position.column - 1 };
    }
    return position;
  }

  range(start: number, end: number): SourceRange {
    return { file: this.#file, start: this.position(start), end: this.position(end) };
  }

  /**
   * Returns the offset of a dockerfile-ast position. Its lines end at `\r\n`,
   * `\n` or a lone `\r`, as in vscode-languageserver-textdocument.
   */
  offsetOf(position: LspPosition): number {
    const lineStart = this.#lspLineStarts[position.line] ?? this.#lineIndex.text.length;
    return Math.min(lineStart + position.character, this.#lineIndex.text.length);
  }
}

function lspLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const character = text[i];
    if (character === '\r' && text[i + 1] === '\n') i++;
    if (character === '\r' || character === '\n') starts.push(i + 1);
  }
  return starts;
}
