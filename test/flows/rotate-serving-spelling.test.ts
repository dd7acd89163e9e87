import { afterEach, describe, expect, it } from 'vitest';
import { observeServing, sessionsServingAll, urlsMissing } from '../../flows/rotate/serving.js';
import { NgrokClient } from '../../source/ngrok/client.js';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { openSession } from '../../source/sandbox/emulator/sessions.js';

// ngrok.yml on the host names the URLs as the answers file spelled them; the API lists them as ngrok stores
// them. Rotation must see the new session serving each one either way.
describe("rotation's serving check and ngrok's spelling of URLs", () => {
  let emulator: Emulator | undefined;
  afterEach(() => emulator?.close());

  // random low: the emulator lower-cases and drops the internal default port; high: it keeps them as sent.
  it.each([
    ['ngrok drops the default port', () => 0],
    ['ngrok keeps the spelling', () => 0.99],
  ])('finds the agent serving every URL of ngrok.yml when %s', async (_how, random) => {
    emulator = await startEmulator({ rateLimit: 0, random });
    const { state } = emulator;
    const user = callRoute(state, 'POST', '/service_users', { name: 'clinic-tui-clinic1' });
    const credential = callRoute(state, 'POST', '/credentials', {
      acl: ['bind:*.clinic1.internal'],
      owner_id: user.id,
    });
    const inConfig = ['https://REST-API.clinic1.internal:443', 'tls://patient-db.clinic1.internal:443'];
    openSession(state, {
      credentialId: credential.id,
      agentVersion: '3.22.1',
      os: 'linux',
      metadata: '{}',
      endpoints: inConfig.map((url, index) => ({ name: `e${index}`, url })),
    });
    const api = new NgrokClient({ apiKey: emulator.createApiKey(), baseUrl: emulator.url });

    const serving = await observeServing(api, user.id, inConfig);

    expect([...serving.byUrl.keys()]).toEqual(inConfig);
    expect(urlsMissing(serving, credential.id)).toEqual([]);
    expect(sessionsServingAll(serving, credential.id)).toEqual([state.tunnelSessions.all()[0]!.id]);
  });
});
