import { parseDocument } from 'yaml';
import { isRecord } from '../policy/finding.js';
import { AUTHTOKEN_PLACEHOLDER } from './build.js';

/** Masks a secret as `2ab…XyZ`: enough to tell two tokens apart, never enough to use one. */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return '…';
  return `${secret.slice(0, 3)}…${secret.slice(-3)}`;
}

const secretKeys = ['authtoken', 'api_key'];
// key: value in block or flow style, quoted or not; the value ends at whitespace, a comma, a brace or a quote.
const secretPair = new RegExp(
  `(["']?(?:${secretKeys.join('|')})["']?\\s*:[ \\t]*)(["']?)([^\\s,{}\\[\\]'"#]+)`,
  'g',
);

/**
 * Returns ngrok.yml text with every authtoken and API key masked. Values found by parsing are masked wherever they
 * appear (comments, anchors); a pattern pass also covers text that does not parse.
 */
export function maskAgentSecrets(text: string): string {
  let masked = text;
  for (const secret of secretValues(text)) masked = masked.split(secret).join(maskSecret(secret));
  return masked.replace(secretPair, (match, key: string, quote: string, value: string, offset: number) => {
    const start = offset + key.length + quote.length;
    if (value.includes('…') || masked.startsWith(AUTHTOKEN_PLACEHOLDER, start)) return match;
    return `${key}${quote}${maskSecret(value)}`;
  });
}

/** The secret strings in a parsed config: agent.authtoken, agent.api_key, and a stray top-level authtoken. */
function secretValues(text: string): string[] {
  const doc = parseDocument(text, { prettyErrors: false });
  const root: unknown = doc.errors.length > 0 ? undefined : doc.toJS();
  if (!isRecord(root)) return [];
  const places = [root, isRecord(root.agent) ? root.agent : {}];
  return places
    .flatMap((place) => secretKeys.map((key) => place[key]))
    .filter((value): value is string => typeof value === 'string' && value.length >= 8)
    .filter((value) => value !== AUTHTOKEN_PLACEHOLDER);
}
