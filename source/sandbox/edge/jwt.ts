import { generateKeyPairSync, type KeyObject, randomBytes, sign, verify } from 'node:crypto';

/** The algorithms of the sandbox signing keys. */
export type SandboxAlgorithm = 'RS256' | 'ES256';

export interface MintOptions {
  issuer: string;
  audience?: string;
  /** Seconds from now until `exp`; negative mints an expired token. Default 3600. */
  expiresInSeconds?: number;
  algorithm?: SandboxAlgorithm;
}

/** Why a token was refused; the edge reports no reason to the client, tests and logs may. */
export type TokenFailure = 'malformed' | 'algorithm' | 'signature' | 'expired' | 'issuer' | 'audience';

/**
 * The sandbox's own JWT signing keys. The sandbox cannot fetch the internet, so every `additional_jkus` URL of a
 * jwt-validation action is simulated as serving these keys (a sandbox simulation, not ngrok behaviour): tokens
 * minted here validate, anything else fails its signature check.
 */
export class SandboxKeys {
  /** Generated on first use, so an emulator that never sees a JWT pays nothing for an RSA key. */
  private pairs?: Record<SandboxAlgorithm, { privateKey: KeyObject; publicKey: KeyObject }>;
  private readonly kid = randomBytes(8).toString('hex');

  constructor(private readonly clock: () => number) {}

  /** A JWT signed with the sandbox key of `algorithm` (RS256 by default). */
  mint(options: MintOptions): string {
    const alg = options.algorithm ?? 'RS256';
    const now = Math.floor(this.clock() / 1000);
    const header = { alg, typ: 'JWT', kid: `${alg.toLowerCase()}-${this.kid}` };
    const payload = {
      iss: options.issuer,
      ...(options.audience === undefined ? {} : { aud: options.audience }),
      sub: 'sandbox-stranger',
      iat: now,
      exp: now + (options.expiresInSeconds ?? 3600),
    };
    const input = `${encode(header)}.${encode(payload)}`;
    return `${input}.${sign('sha256', Buffer.from(input), this.signingKey(alg, 'privateKey')).toString('base64url')}`;
  }

  /**
   * Checks one token as the jwt-validation action does (https://ngrok.com/docs/traffic-policy/actions/jwt-validation#behavior):
   * an allowed algorithm, a valid signature, not expired, `iss` exactly one of the issuers, and when audiences are
   * configured an `aud` containing one of them. Undefined when the token is valid.
   */
  check(
    token: string,
    rules: { algorithms: string[]; issuers: string[]; audiences: string[] },
  ): TokenFailure | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return 'malformed';
    const [headerText = '', payloadText = '', signature = ''] = parts;
    const header = decode(headerText);
    const payload = decode(payloadText);
    if (!header || !payload) return 'malformed';
    const alg = String(header.alg);
    if (!rules.algorithms.includes(alg)) return 'algorithm';
    if (alg !== 'RS256' && alg !== 'ES256') return 'signature';
    const key = this.signingKey(alg, 'publicKey');
    const valid = verify(
      'sha256',
      Buffer.from(`${headerText}.${payloadText}`),
      key,
      Buffer.from(signature, 'base64url'),
    );
    if (!valid) return 'signature';
    const now = this.clock() / 1000;
    if (typeof payload.exp === 'number' && payload.exp <= now) return 'expired';
    if (typeof payload.nbf === 'number' && payload.nbf > now) return 'expired';
    if (!rules.issuers.includes(String(payload.iss))) return 'issuer';
    const audiences = Array.isArray(payload.aud) ? payload.aud.map(String) : [String(payload.aud)];
    if (rules.audiences.length > 0 && !audiences.some((aud) => rules.audiences.includes(aud)))
      return 'audience';
    return undefined;
  }

  /** ES256 signatures are the raw r||s pair JWS uses (RFC 7518 §3.4), not DER. */
  private signingKey(alg: SandboxAlgorithm, which: 'privateKey' | 'publicKey') {
    this.pairs ??= {
      RS256: generateKeyPairSync('rsa', { modulusLength: 2048 }),
      ES256: generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    };
    const key = this.pairs[alg][which];
    return alg === 'ES256' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
  }
}

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function decode(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
