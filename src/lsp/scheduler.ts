import type { DocumentKind } from './files.js';

/**
 * Collects the files that changed and runs one lint pass for all of them
 * after a delay. Each debounced request restarts the delay, so a burst of
 * keystrokes costs one pass; a request with no delay (open, save, close)
 * runs the pass on the next turn of the event loop, with everything
 * collected so far.
 */
export class LintScheduler {
  readonly #run: () => void;
  readonly #pending = new Map<string, DocumentKind>();
  #timer: NodeJS.Timeout | undefined;
  #timerDelay = 0;

  constructor(run: () => void) {
    this.#run = run;
  }

  get hasPending(): boolean {
    return this.#pending.size > 0;
  }

  /** Adds a file to the next pass, to run after `delay` milliseconds unless a sooner pass is due. */
  request(path: string, kind: DocumentKind, delay: number): void {
    if (this.#pending.get(path) === undefined || kind !== 'other') this.#pending.set(path, kind);

    if (this.#timer !== undefined) {
      if (this.#timerDelay === 0) return;
      clearTimeout(this.#timer);
    }
    this.#timerDelay = delay;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, delay);
  }

  /** Removes and returns the files of the pass, and cancels its timer, for a pass that runs now. */
  take(): Map<string, DocumentKind> {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;

    const pending = new Map(this.#pending);
    this.#pending.clear();
    return pending;
  }

  dispose(): void {
    this.take();
  }
}
