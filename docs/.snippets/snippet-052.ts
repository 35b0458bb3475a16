// from packages/common/src/time/unix-time-in-seconds.ts
import { unixTimeInSeconds } from '@ones.dev/common';

const exp = unixTimeInSeconds(300); // five minutes from now
