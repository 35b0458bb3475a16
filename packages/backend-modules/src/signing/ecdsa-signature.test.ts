import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { OnesConfigError, OnesSignerError } from '@ones.dev/common';
import { describe, expect, it } from 'vitest';
import { toJoseSignature } from './ecdsa-signature.js';
import { jwsAlgorithmForKeyType } from './jws-algorithm.js';

const CURVES = [
  { alg: 'ES256', namedCurve: 'P-256', hash: 'sha256', size: 32 },
  { alg: 'ES384', namedCurve: 'P-384', hash: 'sha384', size: 48 },
  { alg: 'ES512', namedCurve: 'P-521', hash: 'sha512', size: 66 },
] as const;

const message = Buffer.from('eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJjbGllbnQifQ');

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(OnesSignerError);
    return (error as OnesSignerError).code;
  }
  return undefined;
}

describe('jwsAlgorithmForKeyType', () => {
  it.each([
    ['RSA:2048', 'RS256'],
    ['RSA:3072', 'RS256'],
    ['RSA:4096', 'RS256'],
    ['ECC:p256', 'ES256'],
    ['ECC:p384', 'ES384'],
    ['ECC:p521', 'ES512'],
  ])('%s signs with %s', (keyType, alg) => {
    expect(jwsAlgorithmForKeyType(keyType)).toBe(alg);
  });

  it.each(['RSA:1024', 'ECC:p192', 'ecc:p256', 'ES256', ''])(
    'refuses %j with ERR_CONFIG_INVALID',
    (keyType) => {
      expect(() => jwsAlgorithmForKeyType(keyType)).toThrow(OnesConfigError);
      expect(() => jwsAlgorithmForKeyType(keyType)).toThrow(
        /"deviceKeyType" must be RSA:2048\|3072\|4096 or ECC:p256\|p384\|p521/,
      );
    },
  );
});

describe('toJoseSignature', () => {
  it.each(CURVES)(
    'turns DER $alg signatures into r‖s that verify (40 signatures, short r and s included)',
    ({ alg, namedCurve, hash, size }) => {
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve });
      let longForm = 0;
      for (let i = 0; i < 40; i++) {
        const der = sign(hash, message, { key: privateKey, dsaEncoding: 'der' });
        if (der[1] === 0x81) longForm++;
        const raw = toJoseSignature(new Uint8Array(der), alg);
        expect(raw).toHaveLength(size * 2);
        expect(verify(hash, message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true);
      }
      // P-521 DER signatures exceed 127 bytes and use the long length form
      expect(longForm > 0).toBe(alg === 'ES512');
    },
  );

  it.each(CURVES)('passes raw $alg signatures through unchanged', ({ alg, namedCurve, hash }) => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve });
    const raw = new Uint8Array(sign(hash, message, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
    expect(toJoseSignature(raw, alg)).toBe(raw);
  });

  it('accepts 2048-, 3072- and 4096-bit RSA signatures and refuses other lengths', () => {
    for (const bytes of [256, 384, 512])
      expect(toJoseSignature(new Uint8Array(bytes), 'RS256')).toHaveLength(bytes);
    expect(codeOf(() => toJoseSignature(new Uint8Array(255), 'RS256'))).toBe('ERR_SIGNER_RESPONSE_INVALID');
  });

  it('refuses bytes that are neither r‖s nor DER for the curve', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = new Uint8Array(sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }));
    const cases: Array<[string, Uint8Array]> = [
      ['63 random bytes', new Uint8Array(63).fill(7)],
      ['DER with trailing bytes', Uint8Array.from([0x30, (der[1] ?? 0) + 1, ...der.subarray(2), 0])],
      ['DER cut short', der.subarray(0, der.length - 1)],
      ['a P-384 signature for ES256', new Uint8Array(96)],
      [
        'DER whose r is 34 bytes',
        Uint8Array.from([0x30, 38, 0x02, 34, 1, ...new Uint8Array(33), 0x02, 1, 1]),
      ],
      ['DER with a missing INTEGER tag', Uint8Array.from([0x30, 6, 0x04, 1, 1, 0x02, 1, 1])],
    ];
    for (const [what, bytes] of cases)
      expect(
        codeOf(() => toJoseSignature(bytes, 'ES256')),
        what,
      ).toBe('ERR_SIGNER_RESPONSE_INVALID');
  });

  it('says what it got in the message', () => {
    expect(() => toJoseSignature(new Uint8Array(10), 'ES256')).toThrow(
      'the device signer returned a 10-byte signature that is neither raw r‖s nor DER',
    );
  });
});
