/** What a duplicate needs for the choice of the one to keep. */
interface Dated {
  id: string;
  created_at?: string | null;
}

function createdMs(item: Dated): number {
  const ms = item.created_at ? Date.parse(item.created_at) : Number.NaN;
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * Oldest first (by `created_at`, then by id for those made in the same second), so every run that sees the same
 * duplicates keeps the same one: the first.
 */
export function oldestFirst<T extends Dated>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => createdMs(a) - createdMs(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
