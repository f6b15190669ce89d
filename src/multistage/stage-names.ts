/** Stage names as BuildKit accepts them after lowercasing: a letter, then letters, digits, `.`, `_` and `-`. */
const stageNamePattern = /^[a-z][a-z0-9._-]*$/;

/** Words BuildKit reserves, which no stage may be called. */
const reservedNames = ['context', 'scratch'];

/**
 * Turns a service name into a valid stage name: lowercased, every other
 * character replaced by `-`, and `service-` in front when it does not start
 * with a letter. Compose service names may use uppercase, digits first and
 * characters that stage names do not allow.
 */
export function stageNameOf(serviceName: string): string {
  const name = serviceName.toLowerCase().replace(/[^a-z0-9._-]/g, '-');
  return stageNamePattern.test(name) ? name : `service-${name}`;
}

/**
 * Hands out stage names that clash with no name already taken: `name`, else
 * `name-1`, `name-2`, and so on. Names are compared lowercased.
 */
export class StageNames {
  readonly #taken: Set<string>;

  constructor(taken: Iterable<string>) {
    this.#taken = new Set([...reservedNames, ...[...taken].map((name) => name.toLowerCase())]);
  }

  /** Marks a name as used without handing it out. */
  reserve(name: string): void {
    this.#taken.add(name.toLowerCase());
  }

  isTaken(name: string): boolean {
    return this.#taken.has(name.toLowerCase());
  }

  /** Returns the first free name of `name`, `name-1`, … and marks it as taken. */
  claim(name: string): string {
    let candidate = name;
    for (let suffix = 1; this.#taken.has(candidate); suffix++) candidate = `${name}-${suffix}`;
    this.#taken.add(candidate);
    return candidate;
  }
}
