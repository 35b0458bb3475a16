// from packages/common/src/polling/poll-until.ts
import type { PollOptions } from '@ones.dev/common';

const options: PollOptions = {
  signal: AbortSignal.timeout(60_000),
  onPoll: (event) => console.log(event.attempt),
};
