import { afterEach, describe, expect, it } from 'vitest';
import { AccountView } from '../../flows/onboard/account.js';
import { agentIngressStep } from '../../flows/onboard/agent-ingress.js';
import type { OnboardCtx } from '../../flows/onboard/context.js';
import type { ApplyIO } from '../../flows/step.js';
import { exitCodeFor, formatError, UserError } from '../../source/errors.js';
import { NgrokClient } from '../../source/ngrok/client.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.close();
});

/** The agent-ingress step's context for clinic1 asking for `connect.clinic-network.com:443`. */
function ingressCtx(emulator: Emulator): OnboardCtx {
  const api = new NgrokClient({ apiKey: 'test_api_key_0123456789', baseUrl: emulator.url });
  return {
    spec: {
      clinic: { id: 'clinic1' },
      agent: { pooling: false, connect_url: 'connect.clinic-network.com:443' },
    },
    api,
    account: new AccountView(api, 'clinic1'),
  } as unknown as OnboardCtx;
}

const applyIO: ApplyIO<readonly []> = {
  signal: new AbortController().signal,
  status: () => undefined,
  progress: () => undefined,
  change: () => undefined,
  log: () => undefined,
  output: () => {
    throw new Error('the agent ingress step needs no other step');
  },
  optionalOutput: () => undefined,
};

async function applyFailure(emulator: Emulator): Promise<unknown> {
  return agentIngressStep.apply(ingressCtx(emulator), applyIO, undefined).then(
    () => undefined,
    (caught: unknown) => caught,
  );
}

describe('agent connect URL on a plan without custom connect URLs', () => {
  // ngrok's docs give the code (ERR_NGROK_6707) but not the status; the emulator varies it.
  it.each([
    [0, 400],
    [0.5, 402],
    [0.9, 403],
  ])('explains the plan limit and how to go on, whatever the status (%s → %s)', async (roll, status) => {
    const emulator = await startEmulator({ rateLimit: 0, selfServePlan: true, random: () => roll });
    emulators.push(emulator);
    const error = await applyFailure(emulator);
    expect(error).toBeInstanceOf(UserError);
    const text = formatError(error);
    expect(text).toContain('plan does not include custom agent connect URLs');
    expect(text).toContain(`connect.clinic-network.com (${status} ERR_NGROK_6707)`);
    expect(text).toContain('Remove agent.connect_url from the answers file');
    expect(text).toContain("ngrok's default connect URL");
    expect(exitCodeFor(error)).toBe(2);
    expect(emulator.state.agentIngresses.size).toBe(0);
  });

  it('creates the ingress once the plan includes custom connect URLs', async () => {
    const emulator = await startEmulator({ rateLimit: 0, selfServePlan: true });
    emulators.push(emulator);
    emulator.state.plan.customConnectUrls = true;
    await expect(applyFailure(emulator)).resolves.toBeUndefined();
    expect(emulator.state.agentIngresses.all().map((ingress) => ingress.domain)).toEqual([
      'connect.clinic-network.com',
    ]);
  });
});
