/**
 * Maps offsets in a derived text, such as an interpolated value or the value
 * of a YAML scalar, back to offsets in the text it was made from. A position
 * inside a loaded value can then be reported in the file that wrote it.
 */
export interface OffsetMapping {
  /** False when the mapping is only a fallback to the whole source span. */
  readonly precise: boolean;
  /** Source offset of the character at `offset` of the derived text. */
  startOf(offset: number): number;
  /** Source offset just past the character before `offset` of the derived text. */
  endOf(offset: number): number;
}

/**
 * A run of the derived text and the source span it came from. An exact piece
 * was copied character for character. An inexact piece, such as the value of
 * `${VAR}` or the `$` of `$$`, maps as a whole onto its source span.
 */
export interface OffsetPiece {
  start: number;
  end: number;
  sourceStart: number;
  sourceEnd: number;
  exact: boolean;
}

/**
 * A mapping made of pieces sorted by `start`. Offsets between pieces, such as
 * the line breaks a YAML block scalar adds, map to the end of the piece before
 * them, because the source has the break at the end of that line.
 */
export class PieceMapping implements OffsetMapping {
  readonly precise = true;
  readonly #pieces: readonly OffsetPiece[];
  readonly #origin: number;

  /** `origin` is the source offset used when there are no pieces at all. */
  constructor(pieces: readonly OffsetPiece[], origin: number) {
    this.#pieces = pieces;
    this.#origin = origin;
  }

  startOf(offset: number): number {
    const piece = this.#pieceContaining(offset);
    if (piece) return piece.exact ? piece.sourceStart + (offset - piece.start) : piece.sourceStart;
    return this.#gapOffset(offset);
  }

  endOf(offset: number): number {
    const piece = this.#pieceContaining(offset - 1);
    if (piece) return piece.exact ? piece.sourceStart + (offset - piece.start) : piece.sourceEnd;
    return this.#gapOffset(offset - 1);
  }

  #pieceContaining(offset: number): OffsetPiece | undefined {
    const index = this.#lastPieceStartingAtOrBefore(offset);
    const piece = index >= 0 ? this.#pieces[index] : undefined;
    return piece && offset < piece.end ? piece : undefined;
  }

  /** Source offset for an offset that no piece covers. */
  #gapOffset(offset: number): number {
    const index = this.#lastPieceStartingAtOrBefore(offset);
    const previous = index >= 0 ? this.#pieces[index] : undefined;
    if (previous) return previous.sourceEnd;
    return this.#pieces[0]?.sourceStart ?? this.#origin;
  }

  #lastPieceStartingAtOrBefore(offset: number): number {
    let low = 0;
    let high = this.#pieces.length - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.#pieces[middle]!.start <= offset) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }
}

/**
 * The fallback when a value cannot be aligned with its source, such as a
 * double-quoted scalar with escapes. Every offset maps to the start of the
 * source span and every range to the whole span.
 */
export class SpanMapping implements OffsetMapping {
  readonly precise = false;

  constructor(
    readonly sourceStart: number,
    readonly sourceEnd: number,
  ) {}

  startOf(): number {
    return this.sourceStart;
  }

  endOf(): number {
    return this.sourceEnd;
  }
}

/** Creates the mapping of a text copied unchanged from `sourceStart` on. */
export function shiftMapping(length: number, sourceStart: number): OffsetMapping {
  const piece = { start: 0, end: length, sourceStart, sourceEnd: sourceStart + length, exact: true };
  return new PieceMapping([piece], sourceStart);
}

/** Chains `inner` (derived text to intermediate text) with `outer` (intermediate text to source). */
export function composeMappings(inner: OffsetMapping, outer: OffsetMapping): OffsetMapping {
  return {
    precise: inner.precise && outer.precise,
    startOf: (offset) => outer.startOf(inner.startOf(offset)),
    endOf: (offset) => outer.endOf(inner.endOf(offset)),
  };
}
