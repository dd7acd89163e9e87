import type { FlowSummary, PlanReview } from '../../flows/presenter.js';
import type { FlowEvent } from '../../flows/step.js';

/** FlowEvents as the runner emits them for a short onboarding, for screen tests. */
export const startEvent: FlowEvent = {
  type: 'flow:start',
  flow: 'onboard',
  title: 'Onboard clinic1',
  steps: [
    { id: 'cloud.service-user', title: 'Create the clinic service user' },
    { id: 'cloud.endpoints', title: 'Create the public cloud endpoints' },
    { id: 'host.push', title: 'Push ngrok.yml to the clinic host' },
  ],
};

/** A fake authtoken: the review must never show it whole. */
export const fakeToken = '2abCDEFghijklmnopqrstuvwxyz0123456789XyZ';

export const review: PlanReview = {
  clinic: 'clinic1',
  stage: 'all',
  steps: [
    {
      id: 'cloud.service-user',
      title: 'Create the clinic service user',
      changes: [{ kind: 'create', subject: 'service user clinic-tui/clinic1' }],
    },
    {
      id: 'cloud.domain',
      title: 'Reserve the wildcard domain',
      changes: [{ kind: 'reuse', subject: 'reserved domain *.clinic-network.com', id: 'rd_1' }],
    },
  ],
  agentConfig: `version: 3\nagent:\n  authtoken: ${fakeToken}\nendpoints:\n  - name: rest-api\n    url: https://rest-api.clinic1.internal\n    upstream:\n      url: 8080\n`,
  policies: [
    {
      url: 'https://api-clinic1.clinic-network.com',
      policy: JSON.stringify({
        on_http_request: [
          {
            name: 'Forward to clinic1',
            actions: [{ type: 'forward-internal', config: { url: 'https://rest-api.clinic1.internal:443' } }],
          },
        ],
      }),
      protection: 'header x-clinic-token + JWT from https://login.example.org · IPs 203.0.113.42/32',
    },
    {
      url: 'tcp://<reserved address for pacs>',
      policy: JSON.stringify({
        on_tcp_connect: [
          {
            name: 'Forward to clinic1',
            actions: [{ type: 'forward-internal', config: { url: 'tcp://pacs.clinic1.internal:4242' } }],
          },
        ],
      }),
      protection: 'OPEN TO ANYONE',
    },
  ],
};

export const summary: FlowSummary = {
  clinic: 'clinic1',
  result: 'converged',
  created: ['service user clinic-tui/clinic1', 'cloud endpoint https://api-clinic1.clinic-network.com'],
  updated: [],
  deleted: [],
  reused: ['reserved domain *.clinic-network.com'],
  host: { config_path: '/etc/ngrok/ngrok.yml', service: 'installed' },
  publicUrls: ['https://api-clinic1.clinic-network.com'],
  dnsRecords: [{ type: 'CNAME', name: '*.clinic-network.com', value: 'abc.cname.ngrok.app' }],
  nextSteps: ['Watch it: clinic-tui fleet'],
};
