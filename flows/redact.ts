import type { FlowEvent, FlowListener } from './step.js';

/**
 * Defence in depth for secrets: a flow registers every authtoken it holds in memory, and the runner's listener
 * wrapper masks any that slipped into an event's text (a remote stderr echoing a config line, say) before a
 * renderer, the audit log or --json sees it.
 */
const secrets = new Set<string>();

/** Masks a token as `2ab…XyZ`, the only form in which one may be shown. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 3)}…${secret.slice(-3)}`;
}

/** Remembers a secret for the life of the process so that `redact` masks it. */
export function registerSecret(secret: string): void {
  if (secret.length >= 8) secrets.add(secret);
}

/** The text with every registered secret masked. */
export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(maskSecret(secret));
  return out;
}

/** Wraps a listener so no registered secret reaches it. */
export function redactingListener(listener: FlowListener): FlowListener {
  return (event) => {
    if (secrets.size === 0) return listener(event);
    const text = JSON.stringify(event);
    const clean = redact(text);
    listener(clean === text ? event : (JSON.parse(clean) as FlowEvent));
  };
}
