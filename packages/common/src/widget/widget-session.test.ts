import { describe, expect, it } from 'vitest';
import { tabsOf } from './widget-session.js';

describe('tabsOf: the tabs a `tabs` attribute offers', () => {
  it.each([
    [null, ['username', 'qr']],
    ['', ['username', 'qr']],
    ['qr', ['qr']],
    ['qr username', ['qr', 'username']],
    ['  username\tqr qr ', ['username', 'qr']],
    ['sms qr', ['qr']],
    ['sms', ['username', 'qr']],
  ])('%j → %j', (attribute, tabs) => {
    expect(tabsOf(attribute)).toEqual(tabs);
  });
});
