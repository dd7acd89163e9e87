import { afterEach, describe, expect, it } from 'vitest';
import { listClinicCredentials } from '../../source/clinic-record/credentials.js';
import { existingClinicLookup } from '../../source/commands/existing-clinic.js';
import { wizardAccount } from '../../source/commands/wizard-account.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import type { Emulator } from '../../source/sandbox/emulator/server.js';
import { emulatorWithClient } from './api-setup.js';

let ctx: { emulator: Emulator; client: NgrokClient } | undefined;
afterEach(async () => {
  await ctx?.emulator.close();
  ctx = undefined;
});

/** A tag as another JSON writer spells it: spaces after the separators, keys in another order. */
const spaced = (fields: Record<string, unknown>) =>
  `{ ${Object.entries({ ...fields, clinic_tui: 1 })
    .map(([key, value]) => `"${key}": ${JSON.stringify(value)}`)
    .join(', ')} }`;

describe('a tag spelt with other spacing is still the same tag', () => {
  it("counts for the clinic's credentials, reserved addresses and cloud endpoints", async () => {
    ctx = await emulatorWithClient();
    const { state } = ctx.emulator;
    const credential = callRoute(state, 'POST', '/credentials', {
      acl: ['bind:*.clinic1.internal'],
      metadata: spaced({ clinic: 'clinic1', role: 'agent-credential', generation: 1 }),
    });
    const addr = callRoute(state, 'POST', '/reserved_addrs', {
      metadata: spaced({ clinic: 'clinic1', role: 'reserved-addr', service: 'pacs' }),
    });
    callRoute(state, 'POST', '/reserved_domains', { domain: 'api-clinic2.example.com' });
    callRoute(state, 'POST', '/endpoints', {
      type: 'cloud',
      url: 'https://api-clinic2.example.com',
      traffic_policy: JSON.stringify({
        on_http_request: [
          { actions: [{ type: 'forward-internal', config: { url: 'https://rest-api.clinic2.internal' } }] },
        ],
      }),
      metadata: spaced({ clinic: 'clinic2', role: 'cloud-endpoint', service: 'rest-api' }),
    });
    const signal = new AbortController().signal;

    expect((await listClinicCredentials(ctx.client, 'clinic1')).map((c) => c.id)).toEqual([credential.id]);
    expect((await listClinicCredentials(ctx.client)).map((c) => c.id)).toEqual([credential.id]);
    expect((await wizardAccount(ctx.client).clinicAddrs(signal)).map((a) => a.id)).toEqual([addr.id]);
    // Only the cloud stage of clinic2 ran: its cloud endpoint is all the account holds of it.
    expect(await existingClinicLookup(ctx.client)('clinic2')).toMatchObject({ status: 'offline' });
  });
});
