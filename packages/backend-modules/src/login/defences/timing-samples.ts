/** How many recent durations a sample set keeps. */
const KEPT = 64;

/**
 * The last 64 durations of something done at the IdP (a login start, a poll), to tell how long
 * such an answer takes lately, as a percentile (which keeps up with the IdP and ignores a rare
 * slow one).
 *
 * @example
 * const starts = new TimingSamples();
 * starts.add(38.2);
 * starts.quantile(0.95); // 38.2
 */
export class TimingSamples {
  readonly #samples: number[] = [];
  #next = 0;

  get size(): number {
    return this.#samples.length;
  }

  /** Keeps `milliseconds` (capped at 5 s), dropping the oldest beyond 64. */
  add(milliseconds: number): void {
    const value = Math.min(Math.max(0, milliseconds), 5000);
    if (this.#samples.length < KEPT) this.#samples.push(value);
    else this.#samples[this.#next] = value;
    this.#next = (this.#next + 1) % KEPT;
  }

  /** The duration `share` (0 to 1) of the kept ones do not exceed; `undefined` when none is kept yet. */
  quantile(share: number): number | undefined {
    if (this.#samples.length === 0) return undefined;
    const sorted = this.#samples.toSorted((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
  }
}
