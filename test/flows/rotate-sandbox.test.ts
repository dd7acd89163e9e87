import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rotateClinic } from '../../flows/rotate/run.js';
import type { FlowEvent } from '../../flows/step.js';
import { readClinicRecord } from '../../source/clinic-record/record.js';
import { hostArgv, hostFile, onboardSandboxClinic, type SandboxClinic, watchGaps } from './rotate-fixture.js';

/** Tries to connect an agent with a token, as the simulated agent does; returns the emulator's answer. */
async function agentConnect(clinic: SandboxClinic, token: string) {
  const response = await fetch(`${clinic.emulator.url}/_sandbox/agent/connect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      agent_version: '3.22.1',
      os: 'linux',
      metadata: '',
      hostname: 't',
      endpoints: [],
    }),
  });
  if (response.ok) {
    await response.body?.cancel();
    return { status: response.status, text: '' };
  }
  return { status: response.status, text: await response.text() };
}

describe.each([
  { pooled: false, label: 'a clinic without pooling' },
  { pooled: true, label: 'a pooled clinic' },
])('rotating $label in the sandbox', ({ pooled }) => {
  let clinic: SandboxClinic;
  beforeAll(async () => {
    clinic = await onboardSandboxClinic({ pooled });
  }, 60_000);
  afterAll(() => clinic?.close());

  it('makes before it breaks: new token live, old one refused, nothing orphaned, no token leaked', async () => {
    const events: FlowEvent[] = [];
    const gaps = watchGaps(clinic.emulator, clinic.urls);
    const outcome = await rotateClinic(clinic.deps(), {
      clinic: 'clinic1',
      listener: (event) => events.push(event),
      signal: new AbortController().signal,
    });
    gaps.stop();
    expect(outcome).toMatchObject({
      clinic: 'clinic1',
      result: 'rotated',
      old_credential: clinic.oldCredentialId,
    });

    const config = parse(hostFile(clinic, clinic.spec.host.config_path));
    const newToken: string = config.agent.authtoken;
    expect(newToken).not.toBe(clinic.oldToken);
    const credentials = clinic.emulator.state.credentials.all();
    expect(credentials.map((c) => c.id)).toEqual([outcome.new_credential]);
    expect(credentials[0]).toMatchObject({ acl: ['bind:*.clinic1.internal'] });
    expect(readClinicRecord(String(credentials[0]!.metadata))).toMatchObject({
      clinic: 'clinic1',
      generation: 2,
      host: { address: '127.0.0.1', port: clinic.spec.host.port },
    });

    const sessions = clinic.emulator.state.tunnelSessions.all();
    expect(sessions.map((s) => (s.credential as { id: string }).id)).toEqual([outcome.new_credential]);
    const refused = await agentConnect(clinic, clinic.oldToken);
    expect(refused.status).toBe(401);
    expect(refused.text).toContain('ERR_NGROK_300');

    const leaks = [
      JSON.stringify(events),
      JSON.stringify(clinic.audit),
      JSON.stringify(outcome),
      hostArgv(clinic),
    ];
    for (const text of leaks) expect(text).not.toContain(newToken);
    expect(clinic.audit.map((entry) => entry.action)).toEqual(
      pooled
        ? ['rotate.credential', 'rotate.overlap', 'rotate.push', 'rotate.overlap-end', 'rotate.revoke']
        : ['rotate.credential', 'rotate.push', 'rotate.revoke'],
    );

    const gap = gaps.longestGapMs();
    console.log(
      `rotation gap (${pooled ? 'pooled' : 'not pooled'}): emulator ${gap} ms, observed ${outcome.gap_ms} ms`,
    );
    if (pooled) {
      expect(gap).toBe(0);
      expect(outcome.gap_ms).toBe(0);
    } else {
      expect(outcome.gap_ms).toBeGreaterThanOrEqual(0);
    }
  }, 60_000);
});
