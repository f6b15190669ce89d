import { LineIndex, type Position, type SourceRange } from '../source.js';

/**
 * Turns offsets into the Dockerfile text into ranges: in the Dockerfile
 * itself, or through `locate` in the compose file that contains the text.
 */
export class Locator {
  readonly #file: string;
  readonly #lineIndex: LineIndex;
  readonly #locate: ((offset: number) => Position) | undefined;

  constructor(text: string, file: string, locate?: (offset: number) => Position) {
    this.#file = file;
    this.#lineIndex = new LineIndex(text);
    this.#locate = locate;
  }

  /**
   * Returns the position of an offset. The offset counts a leading byte order
   * mark but the column does not, because editors hide the mark.
   */
  position(offset: number): Position {
    if (this.#locate !== undefined) return this.#locate(offset);
    return this.#lineIndex.position(offset);
  }

  range(start: number, end: number): SourceRange {
    return { file: this.#file, start: this.position(start), end: this.position(end) };
  }
}
