import { describe, expect, it } from 'vitest';
import { transportFor } from './transport.js';

describe('transportFor: the transport a runtime gets when the caller gives none', () => {
  it.each([
    [{ node: '24.11.1', v8: '13.6' }, 'node:http'],
    [{ node: '22.12.0' }, 'node:http'],
    [{ node: '24.3.0', bun: '1.4.5' }, 'fetch'],
    [{ node: '24.2.0', deno: '2.9.6' }, 'fetch'],
    [{}, 'fetch'],
  ])('%j → %s', (versions, expected) => {
    expect(transportFor(versions)).toBe(expected);
  });

  it('is node:http on the Node that runs these tests', () => {
    expect(transportFor()).toBe('node:http');
  });
});
