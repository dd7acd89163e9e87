import { describe, expect, it } from 'vitest';
import type { FlowSummary, PlanReview } from '../../flows/presenter.js';
import { redactingListener, registerSecret } from '../../flows/redact.js';
import type { FlowEvent } from '../../flows/step.js';
import { headlessPrompter } from '../../source/host/headless-prompter.js';
import { createJsonPresenter } from '../../source/ui/json-presenter.js';
import { createLinesPresenter } from '../../source/ui/lines-presenter.js';
import { formatPlan } from '../../source/ui/plain-lines.js';

function sink() {
  let text = '';
  return {
    stream: {
      write: (chunk: string) => {
        text += chunk;
        return true;
      },
    } as unknown as NodeJS.WritableStream,
    text: () => text,
  };
}

const summary: FlowSummary = {
  clinic: 'clinic1',
  result: 'converged',
  created: ['cr_1'],
  updated: [],
  deleted: [],
  reused: ['bot_1'],
  host: { config_path: '/etc/ngrok/ngrok.yml', service: 'installed' },
  publicUrls: ['https://api-clinic1.clinic-network.com'],
  dnsRecords: [{ type: 'CNAME', name: '*.clinic-network.com', value: 'x.ngrok-cname.com' }],
  nextSteps: ['Make sure the DNS records above exist.'],
};

const review: PlanReview = {
  clinic: 'clinic1',
  stage: 'all',
  steps: [
    {
      id: 'cloud.service-user',
      title: 'Service user',
      changes: [{ kind: 'reuse', subject: 'service user x', id: 'bot_1' }],
    },
    {
      id: 'cloud.endpoints',
      title: 'Cloud endpoints',
      changes: [{ kind: 'update', subject: 'cloud endpoint https://a', id: 'ep_1', detail: '-old\n+new' }],
    },
  ],
  policies: [],
};

describe('plain presenter', () => {
  it('prints steps and failures with their hint on the progress stream, plan and summary on stdout', async () => {
    const progress = sink();
    const out = sink();
    const presenter = createLinesPresenter({
      yes: true,
      hostPrompter: headlessPrompter,
      progress: progress.stream,
      out: out.stream,
    });
    presenter.listener({
      type: 'flow:start',
      flow: 'onboard',
      title: 'Onboard',
      steps: [{ id: 's', title: 'Service user' }],
    });
    presenter.listener({
      type: 'change',
      step: 's',
      change: { kind: 'create', subject: 'service user x', id: 'bot_1' },
    });
    presenter.listener({ type: 'step:done', step: 's' });
    presenter.listener({ type: 'step:fail', step: 's', message: 'no route', hint: 'check the VPN' });
    expect(await presenter.confirmPlan(review)).toBe(true);
    await presenter.finish(summary);
    expect(progress.text()).toBe(
      'Onboard (1 steps)\n  created service user x (bot_1)\n✓ Service user\n✗ Service user: no route\n  check the VPN\n',
    );
    expect(out.text()).toContain('    update cloud endpoint https://a (ep_1)\n      -old\n      +new');
    expect(out.text()).toContain('clinic1: converged (created 1, reused 1)');
    expect(out.text()).toContain('*.clinic-network.com CNAME x.ngrok-cname.com');
  });

  it('prints the protection of each endpoint and its Traffic Policy as YAML with the plan', () => {
    const lines = formatPlan({
      ...review,
      policies: [
        {
          url: 'tcp://1.tcp.ngrok.io:20000',
          policy: JSON.stringify({
            on_tcp_connect: [
              {
                name: 'Forward to clinic1',
                actions: [
                  { type: 'restrict-ips', config: { enforce: true, allow: ['203.0.113.0/24'] } },
                  { type: 'forward-internal', config: { url: 'tcp://db.clinic1.internal:5432' } },
                ],
              },
            ],
          }),
          protection: 'IPs 203.0.113.0/24',
        },
      ],
    });
    const start = lines.indexOf('Traffic Policy for tcp://1.tcp.ngrok.io:20000:');
    expect(lines.slice(start, start + 8)).toEqual([
      'Traffic Policy for tcp://1.tcp.ngrok.io:20000:',
      '  who may reach it: IPs 203.0.113.0/24',
      '  what it does: on_tcp_connect: restrict-ips → forward-internal',
      '    on_tcp_connect:',
      '      - name: Forward to clinic1',
      '        actions:',
      '          - type: restrict-ips',
      '            config:',
    ]);
  });

  it('does not go ahead without --yes', async () => {
    const presenter = createLinesPresenter({
      yes: false,
      hostPrompter: headlessPrompter,
      progress: sink().stream,
      out: sink().stream,
    });
    expect(await presenter.confirmPlan(review)).toBe(false);
  });
});

describe('JSON presenter', () => {
  it('prints one JSON object per line and ends with the summary object', async () => {
    const out = sink();
    const presenter = createJsonPresenter({ yes: true, out: out.stream, hostPrompter: headlessPrompter });
    presenter.listener({ type: 'step:done', step: 'cloud.service-user' });
    await presenter.confirmPlan(review);
    await presenter.finish(summary);
    const lines = out
      .text()
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toEqual({ type: 'step:done', step: 'cloud.service-user' });
    expect(lines[1]).toMatchObject({ type: 'plan:review', clinic: 'clinic1' });
    expect(lines.at(-1)).toEqual(summary);
  });
});

describe('secret redaction', () => {
  it('masks a registered token anywhere in an event before a renderer sees it', () => {
    const token = '2abCDEFghijklmnopqrstuvwxyzXyZ';
    registerSecret(token);
    const seen: FlowEvent[] = [];
    redactingListener((event) => seen.push(event))({
      type: 'step:fail',
      step: 'host.config',
      message: `bad line authtoken: ${token}`,
    });
    expect(JSON.stringify(seen)).not.toContain(token);
    expect(seen[0]).toMatchObject({ message: 'bad line authtoken: 2ab…XyZ' });
  });
});
