// from packages/common/src/polling/poll-until.ts
import type { PollEvent } from '@ones.dev/common';

const onPoll = ({ attempt, outcome, remainingSeconds }: PollEvent) =>
  console.log(`poll ${attempt}: ${outcome}, ${remainingSeconds} s left`);
