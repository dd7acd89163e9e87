import { describe, expect, it } from 'vitest';
import type { PlanReview } from '../../flows/presenter.js';
import { reviewLines } from '../../source/ui/review-lines.js';

describe('the review of a plan', () => {
  it('counts its changes as Terraform does and lists deletions first', () => {
    const review: PlanReview = {
      clinic: 'clinic1',
      stage: 'all',
      policies: [],
      steps: [
        {
          id: 'a',
          title: 'Service user',
          changes: [{ kind: 'reuse', subject: 'service user clinic-tui/clinic1' }],
        },
        {
          id: 'b',
          title: 'Cloud endpoints',
          changes: [
            { kind: 'create', subject: 'cloud endpoint https://files-clinic1.clinic-network.com' },
            { kind: 'update', subject: 'cloud endpoint https://api-clinic1.clinic-network.com' },
          ],
        },
        {
          id: 'c',
          title: 'Duplicates',
          changes: [{ kind: 'delete', subject: 'reserved address 1.tcp.ngrok.io:2' }],
        },
        {
          id: 'd',
          title: 'Authtoken',
          changes: [{ kind: 'create', subject: 'authtoken bind:*.clinic1.internal' }],
        },
      ],
    };
    expect(reviewLines(review).map((line) => line.text)).toEqual([
      'Plan for clinic1 (stage all): 2 to create, 1 to update, 1 to delete',
      '  - delete reserved address 1.tcp.ngrok.io:2',
      '  = reuse  service user clinic-tui/clinic1',
      '  + create cloud endpoint https://files-clinic1.clinic-network.com',
      '  ~ update cloud endpoint https://api-clinic1.clinic-network.com',
      '  + create authtoken bind:*.clinic1.internal',
    ]);
    const nothing = { ...review, steps: [review.steps[0]!] };
    expect(reviewLines(nothing).map((line) => line.text)).toEqual([
      'Plan for clinic1 (stage all): no changes',
      '  = reuse  service user clinic-tui/clinic1',
      '  Nothing to change: everything is already in place.',
    ]);
  });
});
