import type { FlowSummary, PlanReview } from '../../flows/presenter.js';
import type { Change, FlowEvent } from '../../flows/step.js';
import { rateLimitText } from './rate-limit-text.js';
import { countChanges, policyView } from './review-lines.js';
import { formatProbeLine } from './verify-lines.js';

/**
 * Plain-text lines for flow events and summaries, for logs, CI and terminals without a TTY: no colour, no
 * cursor movement, one fact per line, every step's outcome named.
 */

const changeVerb: Record<Change['kind'], string> = {
  create: 'create',
  reuse: 'reuse',
  update: 'update',
  delete: 'delete',
  none: 'keep',
};
const doneVerb: Record<Change['kind'], string> = {
  create: 'created',
  reuse: 'reused',
  update: 'updated',
  delete: 'deleted',
  none: 'kept',
};

/** One planned or applied change as a line. */
export function formatChange(change: Change, tense: 'plan' | 'done'): string {
  const verb = (tense === 'plan' ? changeVerb : doneVerb)[change.kind];
  return `${verb} ${change.subject}${change.id ? ` (${change.id})` : ''}`;
}

/** The lines one event prints (often none); `titles` maps step ids to titles. */
export function formatEvent(event: FlowEvent, titles: Map<string, string>): string[] {
  const title = (id: string) => titles.get(id) ?? id;
  switch (event.type) {
    case 'flow:start':
      return [`${event.title} (${event.steps.length} steps)`];
    case 'status':
      return [`  ${title(event.step)}: ${event.text}`];
    case 'change':
      return [`  ${formatChange(event.change, 'done')}`];
    case 'log':
      return [`    ${event.line}`];
    case 'step:done':
      return [`✓ ${title(event.step)}${event.skipped ? ' (nothing to change)' : ''}`];
    case 'rate-limit':
      return [rateLimitText(event.seconds)];
    case 'step:fail':
      return [`✗ ${title(event.step)}: ${event.message}`, ...(event.hint ? [`  ${event.hint}`] : [])];
    default:
      return [];
  }
}

/** The plan as lines: every step with what it would change, then each endpoint's protection and policy. */
export function formatPlan(review: PlanReview): string[] {
  const counts = countChanges(review);
  const lines = [`Plan for ${review.clinic} (stage ${review.stage})${counts ? `: ${counts}` : ':'}`];
  for (const step of review.steps) {
    const changes = step.changes.filter((change) => change.kind !== 'none');
    if (changes.length === 0) {
      lines.push(`  ${step.title}: no changes`);
      continue;
    }
    lines.push(`  ${step.title}:`);
    for (const change of changes) {
      lines.push(`    ${formatChange(change, 'plan')}`);
      if (change.detail) lines.push(...change.detail.split('\n').map((line) => `      ${line}`));
    }
  }
  const changing = review.steps.some((step) =>
    step.changes.some((c) => c.kind !== 'none' && c.kind !== 'reuse'),
  );
  if (!changing) lines.push('No changes.');
  for (const entry of review.policies) {
    const view = policyView(entry);
    lines.push(`Traffic Policy for ${view.url}:`);
    if (view.protection) lines.push(`  who may reach it: ${view.protection}`);
    lines.push(`  what it does: ${view.summary}`, ...view.yaml.map((line) => `    ${line}`));
  }
  return lines;
}

/** A resource of a summary as people read it: `service user clinic-tui/clinic1 (service_…)`, else its id. */
export function describeResource(summary: FlowSummary, id: string): string {
  const label = summary.labels?.[id];
  return label ? `${label} (${id})` : id;
}

/** The summary as lines: the outcome, what was made, where to reach it, what to do next. */
export function formatSummary(summary: FlowSummary): string[] {
  const counts = [
    `created ${summary.created.length}`,
    ...(summary.updated.length > 0 ? [`updated ${summary.updated.length}`] : []),
    ...(summary.deleted.length > 0 ? [`deleted ${summary.deleted.length}`] : []),
    `reused ${summary.reused.length}`,
  ];
  const lines = [`${summary.clinic}: ${summary.result} (${counts.join(', ')})`];
  if (summary.error)
    lines.push(`Error: ${summary.error.message}`, ...(summary.error.hint ? [summary.error.hint] : []));
  for (const [verb, ids] of [
    ['Deleted', summary.deleted],
    ['Created', summary.created],
    ['Updated', summary.updated],
  ] as const)
    for (const id of ids) lines.push(`${verb}: ${describeResource(summary, id)}`);
  if (summary.host) lines.push(`Host config ${summary.host.config_path}, service ${summary.host.service}`);
  for (const url of summary.publicUrls) lines.push(`Public URL: ${url}`);
  if (summary.dnsRecords.length > 0) {
    lines.push('DNS records the clinic network domain needs:');
    for (const record of summary.dnsRecords) lines.push(`  ${record.name} ${record.type} ${record.value}`);
  }
  if (summary.probes && summary.probes.length > 0) {
    lines.push('Stranger probes (from this laptop):');
    for (const probe of summary.probes) lines.push(`  ${formatProbeLine(probe)}`);
  }
  for (const step of summary.nextSteps) lines.push(`Next: ${step}`);
  return lines;
}
