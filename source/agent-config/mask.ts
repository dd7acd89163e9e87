import { parseDocument } from 'yaml';
import { isRecord } from '../lint/finding.js';
import { AUTHTOKEN_PLACEHOLDER } from './build.js';

/** Masks a secret as `2ab…XyZ`: enough to tell two tokens apart, never enough to use one. */
export function maskSecret(secret: string): string {
  if (secret.length < 12) return '…';
  return `${secret.slice(0, 3)}…${secret.slice(-3)}`;
}

const secretKeys = ['authtoken', 'api_key'];
const secretLine = new RegExp(`^(\\s*(?:-\\s+)?["']?(?:${secretKeys.join('|')})["']?\\s*:\\s*)(\\S.*?)\\s*$`);

/**
 * Returns ngrok.yml text with every authtoken and API key masked. Values found by parsing are masked wherever they
 * appear (flow style, comments); a line-based pass also covers text that does not parse.
 */
export function maskAgentSecrets(text: string): string {
  let masked = text;
  for (const secret of secretValues(text)) masked = masked.split(secret).join(maskSecret(secret));
  return masked
    .split('\n')
    .map((line) => {
      const match = secretLine.exec(line);
      if (!match || match[2] === undefined || match[2].includes('…')) return line;
      const value = match[2].replace(/^(["'])(.*)\1$/, '$2');
      return value === AUTHTOKEN_PLACEHOLDER ? line : `${match[1]}${maskSecret(value)}`;
    })
    .join('\n');
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
