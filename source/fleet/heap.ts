import { setFlagsFromString } from 'node:v8';

/**
 * Asks V8 to collect garbage sooner rather than grow its heap. The fleet holds a whole account's facts for as
 * long as it runs; by default V8 lets the heap grow to two or three times the live data before a full
 * collection. At 10,000 clinics (bench/fleet-frames.ts): 55 MB live, a 116–150 MB heap and 190–300 MB RSS by
 * default; 61–68 MB of heap and 130–144 MB RSS with this. V8 reads the flag at each collection, so setting it
 * before the first read takes effect. Only the fleet sets it: short commands gain nothing from it.
 */
export function keepHeapSmall(): void {
  setFlagsFromString('--optimize-for-size');
}
