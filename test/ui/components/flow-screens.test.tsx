import { cleanup, render } from 'ink-testing-library';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowSummary } from '../../../flows/presenter.js';
import { Header } from '../../../source/ui/components/Header.js';
import { KeyHelp, KeyHints } from '../../../source/ui/components/KeyHelp.js';
import { ReviewScreen } from '../../../source/ui/components/ReviewScreen.js';
import { LiveSteps } from '../../../source/ui/components/StepList.js';
import { StepRow } from '../../../source/ui/components/StepRow.js';
import { SummaryScreen } from '../../../source/ui/components/SummaryScreen.js';
import type { StepView } from '../../../source/ui/flow-state.js';
import { formatSummary } from '../../../source/ui/plain-lines.js';
import { ARROW_DOWN, ARROW_UP, ENTER, ESC, SPACE } from '../../helpers/keys.js';
import { press, visible } from '../../helpers/render.js';
import { fakeToken, review, summary } from '../fixtures.js';

afterEach(cleanup);

const screen = (tree: ReactElement) => visible(render(tree).lastFrame());

describe('Header', () => {
  it('names the flow, the clinic and the stage, and labels a sandbox run', () => {
    expect(
      screen(<Header header={{ title: 'Onboard', clinic: 'clinic1', stage: 'cloud', sandbox: true }} />),
    ).toBe('Onboard · clinic1 · stage cloud  SANDBOX');
    expect(screen(<Header header={{ title: 'Rotate', sandbox: false }} />)).toBe('Rotate');
  });

  it('says which question of how many is on screen', () => {
    expect(
      screen(
        <Header
          header={{ title: 'Onboard', clinic: 'clinic1', sandbox: false }}
          position={{ at: 3, of: 10 }}
        />,
      ),
    ).toBe('Onboard · clinic1 · question 3 of 10');
  });
});

describe('StepRow', () => {
  const step = (view: Partial<StepView>): StepView => ({
    id: 's',
    title: 'Push ngrok.yml',
    state: 'pending',
    ...view,
  });

  it.each([
    ['pending', step({}), '· Push ngrok.yml'],
    ['done', step({ state: 'done' }), '✓ Push ngrok.yml'],
    ['skipped', step({ state: 'skipped' }), '= Push ngrok.yml (already in place)'],
    [
      'running with status and progress',
      step({ state: 'running', status: 'uploading', progress: { done: 2, total: 3 } }),
      '› Push ngrok.yml — uploading (2/3)',
    ],
    [
      'running with a count only',
      step({ state: 'running', progress: { done: 40 } }),
      '› Push ngrok.yml (40)',
    ],
    [
      'failed, with what to do next',
      step({ state: 'failed', message: 'permission denied', hint: 'Check sudo on the host.' }),
      '✗ Push ngrok.yml\n  permission denied\n  → Check sudo on the host.',
    ],
  ])('%s', (_, view, expected) => {
    expect(screen(<StepRow step={view} animate={false} />)).toBe(expected);
  });

  it('animates a running step with a spinner instead of the still mark', () => {
    const shown = screen(<StepRow step={step({ state: 'running' })} animate />);
    expect(shown).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Push ngrok\.yml$/);
  });
});

describe('LiveSteps', () => {
  const steps: StepView[] = [
    { id: 'a', title: 'Create the service user', state: 'done' },
    { id: 'b', title: 'Create the endpoints', state: 'running' },
    { id: 'c', title: 'Push ngrok.yml', state: 'pending' },
    { id: 'd', title: 'Start the service', state: 'pending' },
    { id: 'e', title: 'Verify', state: 'pending' },
  ];

  it('shows the running and pending steps that fit, and how many more there are', () => {
    expect(screen(<LiveSteps steps={steps} animate={false} maxRows={2} />)).toBe(
      '› Create the endpoints\n· Push ngrok.yml\n· 2 more',
    );
    expect(screen(<LiveSteps steps={steps} animate={false} maxRows={10} />)).toBe(
      '› Create the endpoints\n· Push ngrok.yml\n· Start the service\n· Verify',
    );
  });
});

describe('KeyHelp', () => {
  it('lists every key with what it does, and the hint line reads as given', () => {
    const help = screen(<KeyHelp />);
    for (const key of ['↑ ↓ Tab', 'Enter', 'Esc', '?', 'Ctrl+C']) expect(help).toContain(`│ ${key}`);
    expect(help).toContain('finished steps are kept and a rerun resumes');
    expect(screen(<KeyHints text="Enter accept · Esc back" />)).toBe('Enter accept · Esc back');
  });
});

describe('SummaryScreen', () => {
  it('says the clinic is onboarded and lists what was made, the URLs, the DNS records and what next', () => {
    expect(screen(<SummaryScreen summary={summary} />)).toBe(
      [
        '✓ clinic1 is onboarded and online',
        '',
        'Created',
        '  service user clinic-tui/clinic1',
        '  cloud endpoint https://api-clinic1.clinic-network.com',
        '',
        'Already in place',
        '  reserved domain *.clinic-network.com',
        '',
        'Clinic host',
        '  /etc/ngrok/ngrok.yml (ngrok service installed)',
        '',
        'Public URLs',
        '  https://api-clinic1.clinic-network.com',
        '',
        'DNS records for the customer',
        '  CNAME *.clinic-network.com → abc.cname.ngrok.app',
        '',
        'Next',
        '  Watch it: clinic-tui fleet',
      ].join('\n'),
    );
  });

  it('a failed run shows the error and what to do, and leaves out empty sections', () => {
    const failed: FlowSummary = {
      clinic: 'clinic2',
      result: 'failed',
      error: { message: 'ssh: connection refused', hint: 'Check the host address and rerun.' },
      created: [],
      updated: [],
      deleted: [],
      reused: [],
      publicUrls: [],
      dnsRecords: [],
      nextSteps: ['Rerun: clinic-tui onboard --answers clinic2.yml'],
    };
    expect(screen(<SummaryScreen summary={failed} />)).toBe(
      [
        '✗ clinic2 is not finished',
        '  ssh: connection refused',
        '  → Check the host address and rerun.',
        '',
        'Next',
        '  Rerun: clinic-tui onboard --answers clinic2.yml',
      ].join('\n'),
    );
  });

  it('names each resource by what it is, and lists deletions first', () => {
    const rerun: FlowSummary = {
      clinic: 'clinic1',
      result: 'converged',
      created: ['cr_new'],
      updated: ['ep_1'],
      deleted: ['cr_old', 'ra_extra'],
      reused: ['bot_1'],
      labels: {
        cr_new: 'authtoken bind:*.clinic1.internal',
        ep_1: 'cloud endpoint https://api-clinic1.clinic-network.com',
        cr_old: 'authtoken no host holds',
        bot_1: 'service user clinic-tui/clinic1',
      },
      publicUrls: [],
      dnsRecords: [],
      nextSteps: [],
    };
    expect(screen(<SummaryScreen summary={rerun} />)).toBe(
      [
        '✓ clinic1 is onboarded and online',
        '',
        'Deleted',
        '  authtoken no host holds (cr_old)',
        '  ra_extra',
        '',
        'Created',
        '  authtoken bind:*.clinic1.internal (cr_new)',
        '',
        'Updated',
        '  cloud endpoint https://api-clinic1.clinic-network.com (ep_1)',
        '',
        'Already in place',
        '  service user clinic-tui/clinic1 (bot_1)',
      ].join('\n'),
    );
    expect(formatSummary(rerun).slice(1, 5)).toEqual([
      'Deleted: authtoken no host holds (cr_old)',
      'Deleted: ra_extra',
      'Created: authtoken bind:*.clinic1.internal (cr_new)',
      'Updated: cloud endpoint https://api-clinic1.clinic-network.com (ep_1)',
    ]);
  });
});

describe('ReviewScreen', () => {
  const decisions = () => {
    const made: unknown[] = [];
    return {
      made,
      onDecide: (goAhead: boolean) => made.push(goAhead),
      onToggleHelp: () => made.push('help'),
    };
  };

  it('shows the plan, the ngrok.yml with the authtoken masked and the policy, then asks', () => {
    const shown = screen(<ReviewScreen review={review} height={40} {...decisions()} />);
    expect(shown).toContain('Plan for clinic1 (stage all)');
    expect(shown).toContain('  + create service user clinic-tui/clinic1');
    expect(shown).toContain('  = reuse  reserved domain *.clinic-network.com');
    expect(shown).toContain('    authtoken: 2ab…XyZ');
    expect(shown).toContain('Traffic Policy for https://api-clinic1.clinic-network.com');
    expect(shown).not.toContain(fakeToken);
    expect(shown).not.toContain('lines ');
    expect(shown.split('\n').at(-1)).toBe('Apply this plan? Enter: go ahead · Esc: change nothing');
  });

  it('scrolls a plan longer than its height with ↓/↑ and Space, never past either end', async () => {
    const { lastFrame, stdin } = render(<ReviewScreen review={review} height={6} {...decisions()} />);
    const first = visible(lastFrame()).split('\n');
    expect(first).toHaveLength(6);
    expect(first[0]).toBe('Plan for clinic1 (stage all): 1 to create');
    const total = Number(/of (\d+)/.exec(first[4] ?? '')?.[1]);
    expect(first[4]).toBe(`lines 1–4 of ${total} · ↑/↓ scroll`);
    await press(stdin, ARROW_DOWN);
    expect(visible(lastFrame()).split('\n')[0]).toBe('  + create service user clinic-tui/clinic1');
    await press(stdin, ARROW_UP, ARROW_UP);
    expect(visible(lastFrame()).split('\n')[0]).toBe('Plan for clinic1 (stage all): 1 to create');
    for (let i = 0; i < 10; i++) await press(stdin, SPACE);
    expect(visible(lastFrame())).toContain(`lines ${total - 3}–${total} of ${total}`);
  });

  it('Enter goes ahead, Esc or n changes nothing, ? asks for help', async () => {
    const { made, ...handlers } = decisions();
    const { stdin } = render(<ReviewScreen review={review} height={40} {...handlers} />);
    await press(stdin, '?', ESC, 'n', ENTER);
    expect(made).toEqual(['help', false, false, true]);
  });

  it('after the wizard, Esc goes back to the questions and n changes nothing', async () => {
    const { made, ...handlers } = decisions();
    const { stdin, lastFrame } = render(
      <ReviewScreen review={review} height={40} {...handlers} onBack={() => made.push('back')} />,
    );
    expect(visible(lastFrame()).split('\n').at(-1)).toBe(
      'Apply this plan? Enter: go ahead · Esc: back · n: change nothing',
    );
    await press(stdin, ESC, 'n');
    expect(made).toEqual(['back', false]);
  });

  it('says who may reach each endpoint, and shows its policy as YAML under a one-line summary', () => {
    const shown = screen(<ReviewScreen review={review} height={60} {...decisions()} />);
    const policy = shown.slice(shown.indexOf('Traffic Policy for https://api-clinic1'));
    expect(policy.split('\n').slice(0, 9)).toEqual([
      'Traffic Policy for https://api-clinic1.clinic-network.com',
      '  who may reach it: header x-clinic-token + JWT from https://login.example.org',
      '                    IPs 203.0.113.42/32',
      '  what it does: on_http_request: forward-internal',
      '  on_http_request:',
      '    - name: Forward to clinic1',
      '      actions:',
      '        - type: forward-internal',
      '          config:',
    ]);
    expect(shown).toContain(
      'Traffic Policy for tcp://<reserved address for pacs>\n  who may reach it: OPEN TO ANYONE',
    );
  });
});
