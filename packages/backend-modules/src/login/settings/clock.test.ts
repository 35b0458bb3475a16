import { describe, expect, it } from 'vitest';
import { systemClock } from './clock.js';

/** How many timers keep this process alive now. */
const liveTimers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;

describe('systemClock', () => {
  it("keeps the process alive while a request waits on `after` or `sleep` (a script's `login.fetch` gets its answer)", async () => {
    const before = liveTimers();
    const cancel = systemClock.after(60_000, () => {});
    expect(liveTimers()).toBe(before + 1);
    cancel();
    expect(liveTimers()).toBe(before);
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    expect(liveTimers()).toBe(before + 1);
    controller.abort();
    await sleeping;
    expect(liveTimers()).toBe(before);
  });

  it("never holds the process for the kit's own loops (`idle`)", async () => {
    const before = liveTimers();
    const idling = systemClock.idle(5);
    expect(liveTimers()).toBe(before);
    await expect(idling).resolves.toBeUndefined();
  });

  it('ends a sleep after its time and reads the time from Date.now', async () => {
    const started = Date.now();
    await systemClock.sleep(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(19);
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThanOrEqual(1);
  });
});
