import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './parse-cli-options.js';

describe('the ones-dev-idp command line', () => {
  it('no arguments give the defaults', () => {
    expect(parseCliOptions([])).toEqual({
      options: {
        help: false,
        port: 4000,
        signerPort: 8000,
        keyType: 'ECC:p256',
        folder: '.ones-dev',
        users: undefined,
      },
    });
  });

  it('every option is read, --users as a list of names', () => {
    const args = [
      '--port=0',
      '--signer-port',
      '0',
      '--key-type',
      'RSA:2048',
      '--folder',
      'x',
      '--users',
      'bob, alice',
    ];
    expect(parseCliOptions(args)).toEqual({
      options: {
        help: false,
        port: 0,
        signerPort: 0,
        keyType: 'RSA:2048',
        folder: 'x',
        users: ['bob', 'alice'],
      },
    });
  });

  it.each([
    [
      ['-x'],
      'unknown option -x; the options are --port, --signer-port, --key-type, --folder, --users, --help',
    ],
    [['--port', 'abc'], '--port "abc" is not a port (0 to 65535)'],
    [['--signer-port', '70000'], '--signer-port "70000" is not a port (0 to 65535)'],
    [['--port', '4001', '--signer-port', '4001'], '--port and --signer-port must differ (both are 4001)'],
    [['--folder'], "Option '--folder <value>' argument missing"],
    [['start'], "Unexpected argument 'start'. This command does not take positional arguments"],
  ])('%j is refused with one line: %s', (args, problem) => {
    expect(parseCliOptions(args)).toEqual({ problem });
  });
});
