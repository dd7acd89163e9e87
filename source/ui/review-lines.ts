import { stringify } from 'yaml';
import type { PlanReview } from '../../flows/presenter.js';
import type { Change, ChangeKind } from '../../flows/step.js';
import { openToAnyone } from '../spec/protection.js';

/** One line of the review screen; `tone` picks its colour and mark. */
export interface ReviewLine {
  text: string;
  tone?: 'create' | 'update' | 'delete' | 'reuse' | 'heading' | 'code' | 'warning';
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

/** The plan's changes, deletions first (what goes away is what a person must not miss), then in step order. */
export function deletionsFirst(review: PlanReview): Change[] {
  const all = review.steps.flatMap((step) => step.changes);
  return [
    ...all.filter((change) => change.kind === 'delete'),
    ...all.filter((change) => change.kind !== 'delete'),
  ];
}

/** The changes counted as Terraform does (`2 to create, 1 to update, 1 to delete`); undefined when there are none. */
export function countChanges(review: PlanReview): string | undefined {
  const all = review.steps.flatMap((step) => step.changes);
  const counted = (['create', 'update', 'delete'] as const)
    .map((kind) => [kind, all.filter((change) => change.kind === kind).length] as const)
    .filter(([, count]) => count > 0)
    .map(([kind, count]) => `${count} to ${kind}`);
  return counted.length > 0 ? counted.join(', ') : undefined;
}

/** The plan, the ngrok.yml and the policies as lines, for a scrolling review screen. */
export function reviewLines(review: PlanReview): ReviewLine[] {
  const counts = countChanges(review);
  const lines: ReviewLine[] = [
    { text: `Plan for ${review.clinic} (stage ${review.stage}): ${counts ?? 'no changes'}`, tone: 'heading' },
  ];
  for (const change of deletionsFirst(review)) {
    const verb = verbs[change.kind];
    lines.push({ text: `  ${verb.mark} ${verb.word} ${change.subject}`, tone: verb.tone });
    if (change.detail) for (const line of change.detail.split('\n')) lines.push({ text: `      ${line}` });
  }
  if (!counts) lines.push({ text: '  Nothing to change: everything is already in place.' });
  if (review.agentConfig) {
    lines.push(
      { text: '' },
      { text: 'ngrok.yml to push to the clinic host (authtoken masked)', tone: 'heading' },
    );
    for (const line of maskAuthtokens(review.agentConfig).trimEnd().split('\n')) {
      lines.push({ text: `  ${line}`, tone: 'code' });
    }
  }
  for (const entry of review.policies) {
    const view = policyView(entry);
    lines.push({ text: '' }, { text: `Traffic Policy for ${view.url}`, tone: 'heading' });
    if (view.protection) {
      // One control group a line (header + JWT, then IPs), so a narrow screen cuts none of them off.
      const tone = view.protection === openToAnyone ? 'warning' : undefined;
      const label = '  who may reach it: ';
      view.protection.split(' · ').forEach((group, i) => {
        lines.push({ text: `${i === 0 ? label : ' '.repeat(label.length)}${group}`, tone });
      });
    }
    lines.push({ text: `  what it does: ${view.summary}` });
    for (const line of view.yaml) lines.push({ text: `  ${line}`, tone: 'code' });
  }
  return lines;
}

type PolicyEntry = PlanReview['policies'][number];
interface PolicyRule {
  actions?: { type?: string }[];
}

/**
 * One endpoint's policy for a person to read: who it lets in, its actions in one line ("on_tcp_connect:
 * restrict-ips → forward-internal") and the policy as YAML, whole, instead of the one-line JSON sent to the API.
 */
export function policyView(entry: PolicyEntry): {
  url: string;
  protection?: string;
  summary: string;
  yaml: string[];
} {
  let parsed: Record<string, PolicyRule[] | undefined>;
  try {
    parsed = JSON.parse(entry.policy);
  } catch {
    // Already text (YAML): shown as it is.
    return {
      url: entry.url,
      ...protectionOf(entry),
      summary: 'see below',
      yaml: entry.policy.trimEnd().split('\n'),
    };
  }
  const summary = Object.entries(parsed)
    .map(
      ([phase, rules]) =>
        `${phase}: ${(rules ?? []).flatMap((r) => (r.actions ?? []).map((a) => a.type)).join(' → ')}`,
    )
    .join(' · ');
  return {
    url: entry.url,
    ...protectionOf(entry),
    summary,
    yaml: stringify(parsed, { lineWidth: 0 }).trimEnd().split('\n'),
  };
}

const protectionOf = (entry: PolicyEntry) => (entry.protection ? { protection: entry.protection } : {});
