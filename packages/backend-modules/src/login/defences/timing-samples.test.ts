import { describe, expect, it } from 'vitest';
import { TimingSamples } from './timing-samples.js';

describe('TimingSamples', () => {
  it('knows nothing before the first sample', () => {
    const samples = new TimingSamples();
    expect([samples.size, samples.quantile(0.5)]).toEqual([0, undefined]);
  });

  it('answers percentiles of what it keeps, sorted by value whatever the order they came in', () => {
    const samples = new TimingSamples();
    for (const ms of [50, 10, 40, 20, 30]) samples.add(ms);
    expect(samples.size).toBe(5);
    expect([0, 0.2, 0.5, 0.95, 1].map((share) => samples.quantile(share))).toEqual([10, 20, 30, 50, 50]);
  });

  it('keeps the last 64, the oldest going first', () => {
    const samples = new TimingSamples();
    for (let ms = 1; ms <= 64; ms += 1) samples.add(ms);
    expect([samples.size, samples.quantile(0), samples.quantile(1)]).toEqual([64, 1, 64]);
    samples.add(100);
    samples.add(101);
    expect([samples.size, samples.quantile(0), samples.quantile(1)]).toEqual([64, 3, 101]);
    for (let ms = 200; ms < 264; ms += 1) samples.add(ms);
    expect([samples.quantile(0), samples.quantile(1)]).toEqual([200, 263]);
  });

  it('counts a negative duration as 0 and one over 5 s as 5 s', () => {
    const samples = new TimingSamples();
    samples.add(-3);
    samples.add(60_000);
    expect([samples.quantile(0), samples.quantile(1)]).toEqual([0, 5000]);
  });
});
