import type { PlanReview } from '../../flows/presenter.js';
import type { ChangeKind } from '../../flows/step.js';

/** One line of the review screen; `tone` picks its colour and mark. */
export interface ReviewLine {
  text: string;
  tone?: 'create' | 'update' | 'delete' | 'reuse' | 'heading' | 'code';
}

const verbs: Record<ChangeKind, { mark: string; word: string; tone: ReviewLine['tone'] }> = {
  create: { mark: '+', word: 'create', tone: 'create' },
  update: { mark: '~', word: 'update', tone: 'update' },
  delete: { mark: '-', word: 'delete', tone: 'delete' },
  reuse: { mark: '=', word: 'reuse ', tone: 'reuse' },
  none: { mark: '=', word: 'keep  ', tone: 'reuse' },
};

/** Masks a secret as its first 3 and last 3 characters, the way every screen refers to tokens. */
export function maskSecret(secret: string): string {
  return secret.length <= 8 ? '…' : `${secret.slice(0, 3)}…${secret.slice(-3)}`;
}

/**
 * The review contract says agentConfig is already masked; this masks any authtoken value that is not, so a
 * mistake upstream can never put a token on the screen.
 */
export function maskAuthtokens(yaml: string): string {
  return yaml.replace(/^(\s*authtoken:\s*)(["']?)([^\s"'#]+)\2/gm, (whole, key: string, _q, value: string) =>
    value.includes('…') || value.startsWith('<') || value.startsWith('$')
      ? whole
      : `${key}${maskSecret(value)}`,
  );
}

/** The plan, the ngrok.yml and the policies as lines, for a scrolling review screen. */
export function reviewLines(review: PlanReview): ReviewLine[] {
  const lines: ReviewLine[] = [
    { text: `Plan for ${review.clinic} (stage ${review.stage})`, tone: 'heading' },
  ];
  let changes = 0;
  for (const step of review.steps) {
    for (const change of step.changes) {
      const verb = verbs[change.kind];
      if (change.kind !== 'reuse' && change.kind !== 'none') changes++;
      lines.push({ text: `  ${verb.mark} ${verb.word} ${change.subject}`, tone: verb.tone });
      if (change.detail) for (const line of change.detail.split('\n')) lines.push({ text: `      ${line}` });
    }
  }
  if (changes === 0) lines.push({ text: '  Nothing to change: everything is already in place.' });
  if (review.agentConfig) {
    lines.push(
      { text: '' },
      { text: 'ngrok.yml to push to the clinic host (authtoken masked)', tone: 'heading' },
    );
    for (const line of maskAuthtokens(review.agentConfig).trimEnd().split('\n')) {
      lines.push({ text: `  ${line}`, tone: 'code' });
    }
  }
  for (const { url, policy } of review.policies) {
    lines.push({ text: '' }, { text: `Traffic Policy for ${url}`, tone: 'heading' });
    for (const line of policy.trimEnd().split('\n')) lines.push({ text: `  ${line}`, tone: 'code' });
  }
  return lines;
}
