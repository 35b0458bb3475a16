import { describe, expect, it } from 'vitest';
import { AuthJwtProperties } from './auth-jwt-properties.js';
import { OnesValidationError } from './errors/errors.js';
import { MAX_BINDING_MESSAGE_LENGTH } from './wire/binding-message.js';

function thrownBy(build: () => unknown): OnesValidationError {
  try {
    build();
  } catch (error) {
    if (error instanceof OnesValidationError) return error;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('AuthJwtProperties', () => {
  it("accepts the vendor's own example and keeps its values", () => {
    const properties = new AuthJwtProperties({
      scope: 'openid profile offline_access',
      bindingMessage: 'Authorize login to Example.com',
      resources: ['https://api.example.com/', 'urn:ones:resource:payments'],
      requestedExpiry: 120,
    });
    expect(properties).toMatchObject({
      scope: 'openid profile offline_access',
      bindingMessage: 'Authorize login to Example.com',
      resources: ['https://api.example.com/', 'urn:ones:resource:payments'],
      requestedExpiry: 120,
    });
    expect(Object.isFrozen(properties.resources)).toBe(true);
  });

  it('defaults scope to openid and resources to none', () => {
    const properties = new AuthJwtProperties({ bindingMessage: 'Log in to Shop' });
    expect(properties.scope).toBe('openid');
    expect(properties.resources).toEqual([]);
    expect(properties.requestedExpiry).toBeUndefined();
  });

  it('accepts binding messages in other scripts', () => {
    expect(new AuthJwtProperties({ bindingMessage: 'Вход в Магазин — код 42' }).bindingMessage).toBe(
      'Вход в Магазин — код 42',
    );
  });

  it.each([['profile'], ['openidx profile'], ['']])('rejects the scope %j, which lacks openid', (scope) => {
    const error = thrownBy(() => new AuthJwtProperties({ scope, bindingMessage: 'Log in' }));
    expect(error.code).toBe('ERR_VALIDATION_ARGUMENT');
    expect(error.message).toBe('"scope" must be a space-separated list of scopes that contains "openid"');
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['multi-line', 'Log in\nnow'],
    ['with a control character', 'Log in\u0007'],
    ['with a bidi override', 'Log in \u202Eevil'],
    ['too long', 'x'.repeat(MAX_BINDING_MESSAGE_LENGTH + 1)],
  ])('rejects a binding message that is %s', (_, bindingMessage) => {
    const error = thrownBy(() => new AuthJwtProperties({ bindingMessage }));
    expect(error.message).toBe(
      `"bindingMessage" must be printable text of 1 to ${MAX_BINDING_MESSAGE_LENGTH} characters`,
    );
  });

  it.each([['/relative'], ['https://api.example.com/#frag'], ['mailto:a@example.com'], ['not a url']])(
    'rejects the resource %j and names its index',
    (resource) => {
      const error = thrownBy(
        () =>
          new AuthJwtProperties({ bindingMessage: 'Log in', resources: ['https://ok.example', resource] }),
      );
      expect(error.message).toBe('"resources[1]" must be an absolute http(s) URL without fragment, or a URN');
    },
  );

  it.each([[0], [3601], [1.5]])('rejects requestedExpiry %j', (requestedExpiry) => {
    const error = thrownBy(() => new AuthJwtProperties({ bindingMessage: 'Log in', requestedExpiry }));
    expect(error.message).toBe('"requestedExpiry" must be a whole number of seconds from 1 to 3600');
  });
});
