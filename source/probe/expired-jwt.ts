import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import type { JwtClaims } from './plan.js';

const base64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * A JWT that expired an hour ago, with the policy's issuer and audience, signed by a key made for this probe and
 * thrown away: jwt-validation must refuse it on both counts (its signature and its exp). ES256 unless the policy
 * allows only RS256-family algorithms.
 */
export function expiredJwt(claims: JwtClaims, now = Date.now()): string {
  const rsa = claims.algorithms.length > 0 && claims.algorithms.every((alg) => alg.startsWith('RS'));
  const alg = rsa ? 'RS256' : 'ES256';
  const { privateKey } = rsa
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const seconds = Math.floor(now / 1000);
  const header = { alg, typ: 'JWT', kid: randomBytes(8).toString('hex') };
  const payload = {
    ...(claims.issuer ? { iss: claims.issuer } : {}),
    ...(claims.audience ? { aud: claims.audience } : {}),
    sub: 'clinic-tui-verify',
    iat: seconds - 7200,
    nbf: seconds - 7200,
    exp: seconds - 3600,
  };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = sign(
    'sha256',
    Buffer.from(signingInput),
    rsa ? privateKey : { key: privateKey, dsaEncoding: 'ieee-p1363' },
  );
  return `${signingInput}.${base64url(signature)}`;
}
