import { describe, expect, it } from 'vitest';
import { LoginRefusal } from './answers.js';
import { DevHints, isLoopbackOrigin } from './dev-hints.js';

describe('isLoopbackOrigin', () => {
  it.each([
    ['http://localhost:3000', true],
    ['http://localhost', true],
    ['http://shop.localhost:5173', true],
    ['http://127.0.0.1:3000', true],
    ['http://127.1.2.3', true],
    ['http://[::1]:3000', true],
    ['https://shop.example', false],
    ['http://localhost.evil.example', false],
    ['http://127.0.0.1.evil.example', false],
    ['http://10.0.0.1:3000', false],
    ['http://[::2]', false],
    ['null', false],
    ['', false],
  ])('%s → %s', (origin, loopback) => {
    expect(isLoopbackOrigin(origin)).toBe(loopback);
  });
});

describe('DevHints', () => {
  const refused = (origin?: string) =>
    new LoginRefusal(
      'ERR_LOGIN_ORIGIN_REFUSED',
      'the request comes from an origin that is not allowed',
      {},
      origin,
    );

  it('logs each refused loopback origin once, naming the origins allowed', () => {
    const logged: string[] = [];
    const hints = new DevHints(
      (level, code, message) => logged.push(`${level} ${code} ${message}`),
      new Set(['http://127.0.0.1:3000', 'https://shop.example']),
    );
    hints.noteRefusal(refused('http://localhost:3000'));
    hints.noteRefusal(refused('http://localhost:3000'));
    hints.noteRefusal(refused('http://localhost:4000'));
    hints.noteRefusal(refused());
    expect(logged).toEqual([
      'warn LOGIN_ORIGIN_REFUSED login kit: refused a POST from the page at http://localhost:3000: it is not in `origins` (http://127.0.0.1:3000, https://shop.example). Open the page at one of those, or add http://localhost:3000 to `origins` (behind a proxy: the public origin the browser shows).',
      expect.stringContaining('from the page at http://localhost:4000:'),
    ]);
  });

  it('remembers at most 32 origins, so a flood of made-up ones cannot grow it', () => {
    let count = 0;
    const hints = new DevHints(() => (count += 1), new Set());
    for (let port = 1; port <= 100; port += 1) hints.noteRefusal(refused(`http://localhost:${port}`));
    for (let port = 1; port <= 100; port += 1) hints.noteRefusal(refused(`http://localhost:${port}`));
    expect(count).toBe(32);
  });
});
