/** A rewrite that cannot be made exactly; the message says why, for the finding and the plan. */
export class RewriteRefused extends Error {
  override name = 'RewriteRefused';
}

/** Stops planning a rewrite with the reason it cannot be made. */
export function refuse(reason: string): never {
  throw new RewriteRefused(reason);
}
