/** Items that start with the same instructions, and how many they share. */
export interface PrefixGroup<T> {
  /** In input order. */
  members: T[];
  /** Number of leading instructions every member has with the same key, `FROM` included. */
  sharedLength: number;
}

/** The accessors of an item: its length, the key of each position, and what makes two items the same source. */
export interface PrefixKeys<T> {
  length(item: T): number;
  key(item: T, index: number): string;
  /** Items with the same identity are copies of one source, not duplicates of each other. */
  identity(item: T): string;
}

/**
 * Groups items that share at least their first two keys, and extends each
 * group's shared prefix as far as every member agrees.
 *
 * Items are bucketed with hash maps by the key at position 0, then by the key
 * at position 1. Each group then compares one position at a time until a
 * member ends or differs. So every key is requested at most twice per item
 * plus once per shared position: the work is linear in the total length of
 * the compared prefixes, never quadratic in the number of items. A group
 * needs two different identities.
 */
export function groupByPrefix<T>(items: readonly T[], keys: PrefixKeys<T>): PrefixGroup<T>[] {
  const byFirst = bucket(items.filter((item) => keys.length(item) >= 2), (item) => keys.key(item, 0));
  const groups: PrefixGroup<T>[] = [];

  for (const candidates of byFirst.values()) {
    if (!hasTwoIdentities(candidates, keys)) continue;

    for (const members of bucket(candidates, (item) => keys.key(item, 1)).values()) {
      if (!hasTwoIdentities(members, keys)) continue;
      groups.push({ members, sharedLength: extendPrefix(members, keys) });
    }
  }

  const order = new Map(items.map((item, index) => [item, index]));
  return groups.sort((a, b) => order.get(a.members[0]!)! - order.get(b.members[0]!)!);
}

/** Returns how many leading positions all members share, given that they share the first two. */
function extendPrefix<T>(members: T[], keys: PrefixKeys<T>): number {
  const first = members[0]!;
  let length = 2;
  for (;;) {
    if (members.some((member) => keys.length(member) <= length)) return length;
    const key = keys.key(first, length);
    if (members.some((member) => member !== first && keys.key(member, length) !== key)) return length;
    length++;
  }
}

function bucket<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const buckets = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = buckets.get(key);
    if (list === undefined) buckets.set(key, [item]);
    else list.push(item);
  }
  return buckets;
}

function hasTwoIdentities<T>(items: T[], keys: PrefixKeys<T>): boolean {
  if (items.length < 2) return false;
  const first = keys.identity(items[0]!);
  return items.some((item) => keys.identity(item) !== first);
}
