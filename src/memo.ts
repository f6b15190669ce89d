/** A `Map` or `WeakMap` that keeps computed values. */
interface Memory<Key, Value> {
  get(key: Key): Value | undefined;
  has(key: Key): boolean;
  set(key: Key, value: Value): unknown;
}

/** Returns the value `memory` keeps for `key`, computing and keeping it on first use. */
export function memoized<Key, Value>(memory: Memory<Key, Value>, key: Key, compute: (key: Key) => Value): Value {
  // One lookup for a kept value other than `undefined`, the common case.
  const stored = memory.get(key);
  if (stored !== undefined || memory.has(key)) return stored as Value;

  const value = compute(key);
  memory.set(key, value);
  return value;
}
