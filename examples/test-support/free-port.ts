// Shared by the examples' tests: a loopback port that is free now, for apps that must know their
// own origin before they listen (the login kit checks every POST's Origin against it).

import { createServer } from 'node:net';

/** A port on 127.0.0.1 that nothing listens on at the moment. */
export function freePort(): Promise<number> {
  return new Promise((found, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => found(port));
    });
  });
}
