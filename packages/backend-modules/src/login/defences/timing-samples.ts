/** How many recent durations a sample set keeps. */
const KEPT = 64;

/**
 * The last 64 durations of something real (a login start at the IdP, a poll), to draw a made-up
 * one's duration from: drawing from the real distribution keeps its median and spread, which an
 * average with some jitter does not.
 *
 * @example
 * const starts = new TimingSamples();
 * starts.add(38.2);
 * starts.draw(); // 38.2
 */
export class TimingSamples {
  readonly #samples: number[] = [];
  readonly #random: () => number;
  #next = 0;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

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

  /** One of the kept durations, at random; `undefined` when none is kept yet. */
  draw(): number | undefined {
    if (this.#samples.length === 0) return undefined;
    return this.#samples[Math.floor(this.#random() * this.#samples.length)];
  }
}
