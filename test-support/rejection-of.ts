// What every package's and example's tests use to look at a failure: one copy, imported by path
// (this folder is not a package, so no workspace package depends on another through it).

/** A failure as the tests inspect it: an `Error` with the SDK's fields (`code`, `response`, …). */
export type Rejection = Error & Record<string, unknown>;

/** Awaits `promise` and returns what it rejected with; fails the test if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<Rejection> {
  try {
    await promise;
  } catch (error) {
    return error as Rejection;
  }
  throw new Error('expected the promise to reject, but it resolved');
}

/** Runs `action` and returns what it threw; fails the test if it returned. */
export function thrownBy(action: () => unknown): Rejection {
  try {
    action();
  } catch (error) {
    return error as Rejection;
  }
  throw new Error('expected the call to throw, but it returned');
}
