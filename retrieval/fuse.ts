/** Reciprocal rank fusion: each list contributes weight / (k + rank); ranks start at 1. */
export function fuseByRank<T>(
  lists: { items: T[]; weight: number }[],
  keyOf: (item: T) => string | number,
  k = 60,
): { item: T; score: number }[] {
  const fused = new Map<string | number, { item: T; score: number }>();
  for (const { items, weight } of lists) {
    items.forEach((item, index) => {
      const key = keyOf(item);
      const entry = fused.get(key) ?? { item, score: 0 };
      entry.score += weight / (k + index + 1);
      fused.set(key, entry);
    });
  }
  return [...fused.values()].sort((a, b) => b.score - a.score);
}

/** Keeps the first (best) item of each group, in order. */
export function dedupeBy<T>(items: T[], groupOf: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const group = groupOf(item);
    if (seen.has(group)) return false;
    seen.add(group);
    return true;
  });
}
