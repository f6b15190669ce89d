/** A rewrite that cannot be made exactly. Its message is the reason, which the finding and the plan show. */
export class RewriteRejected extends Error {
  override name = 'RewriteRejected';
}

/** Stops planning a rewrite and gives the reason it cannot be made. */
export function reject(reason: string): never {
  throw new RewriteRejected(reason);
}
