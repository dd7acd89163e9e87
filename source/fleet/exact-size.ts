/**
 * A copy of an array with no spare room. V8 gives an array built by push, filter or flatMap room to grow: one
 * item costs 184 bytes, against 72 for the copy. The fleet keeps several small arrays per clinic for as long as
 * it runs, so at 10,000 clinics the spare room alone would be megabytes.
 */
export function exactSize<T>(items: T[]): T[] {
  return items.slice();
}
