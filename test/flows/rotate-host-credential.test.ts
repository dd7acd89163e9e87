import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { hostsCredential } from '../../flows/rotate/host-credential.js';
import { rotateClinic } from '../../flows/rotate/run.js';
import type { RotateApi, RotateHost } from '../../flows/rotate/types.js';
import { agentMetadata } from '../../source/clinic-record/agent-metadata.js';
import { formatClinicRecord, readClinicRecord } from '../../source/clinic-record/record.js';
import { UserError } from '../../source/errors.js';
import { NgrokApiError } from '../../source/ngrok/errors.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { credentialSchema } from '../../source/ngrok/types.js';
import { onboardSandboxClinic, type SandboxClinic } from './rotate-fixture.js';

/** A host whose ngrok.yml carries this agent.metadata. */
function host(address: string, metadata: string): RotateHost {
  const oldConfig = `version: 3\nagent:\n  authtoken: TOKEN_x\n  metadata: '${metadata}'\n`;
  return { spec: { address }, configPath: '/etc/ngrok/ngrok.yml', oldConfig } as unknown as RotateHost;
}

/** An API that holds the given credential ids (each owned by bot_1) and records which ids were read. */
function account(ids: string[]) {
  const read: string[] = [];
  const api = {
    credentials: {
      get: async (id: string) => {
        read.push(id);
        if (!ids.includes(id)) throw new NgrokApiError({ message: 'not found', status: 404 });
        return credentialSchema.parse({ id, created_at: '2026-11-01T00:00:00Z', owner_id: 'bot_1' });
      },
    },
  } as unknown as RotateApi;
  return { api, read };
}

describe('the credential a rotation replaces', () => {
  it('is the one the hosts name, read by id', async () => {
    const { api, read } = account(['cr_a', 'cr_b']);
    const hosts = [
      host('10.0.0.5', agentMetadata('clinic1', 'cr_a')),
      host('10.0.0.6', agentMetadata('clinic1', 'cr_a')),
    ];
    expect(await hostsCredential(api, 'clinic1', hosts)).toMatchObject({ id: 'cr_a', owner_id: 'bot_1' });
    expect(read).toEqual(['cr_a']);
  });

  it('is refused when a host names none, naming that host and onboarding as the way out', async () => {
    const { api, read } = account(['cr_a']);
    const unnamed = formatTag({ clinic: 'clinic1', role: 'agent-credential' });
    const hosts = [host('10.0.0.5', agentMetadata('clinic1', 'cr_a')), host('10.0.0.6', unnamed)];
    const refusal = hostsCredential(api, 'clinic1', hosts);
    await expect(refusal).rejects.toBeInstanceOf(UserError);
    await expect(refusal).rejects.toMatchObject({
      message: expect.stringContaining('on 10.0.0.6 names no credential of clinic1'),
      hint: expect.stringContaining('clinic-tui onboard'),
    });
    expect(read).toEqual([]);
  });

  it('is refused when the hosts name different ones', async () => {
    const { api } = account(['cr_a', 'cr_b']);
    const hosts = [
      host('10.0.0.5', agentMetadata('clinic1', 'cr_a')),
      host('10.0.0.6', agentMetadata('clinic1', 'cr_b')),
    ];
    await expect(hostsCredential(api, 'clinic1', hosts)).rejects.toMatchObject({
      name: 'UserError',
      message: expect.stringContaining('different credentials (cr_a, cr_b)'),
    });
  });
});

describe('rotating a clinic whose host names no live credential', { timeout: 60_000 }, () => {
  let clinic: SandboxClinic | undefined;
  afterEach(async () => {
    await clinic?.close();
    clinic = undefined;
  });

  /** Rotates clinic1 expecting a refusal; returns it, and checks that nothing in the account or on the host changed. */
  async function refusedRotation(sandbox: SandboxClinic): Promise<unknown> {
    const configPath = join(sandbox.sandbox.root, sandbox.spec.host.config_path);
    const configBefore = readFileSync(configPath, 'utf8');
    const credentialsBefore = sandbox.emulator.state.credentials.all().map((c) => ({ ...c }));
    const refusal = await rotateClinic(sandbox.deps(), {
      clinic: 'clinic1',
      listener: () => undefined,
      signal: new AbortController().signal,
      confirm: async () => true,
    }).catch((error: unknown) => error);
    expect(sandbox.emulator.state.credentials.all()).toEqual(credentialsBefore);
    expect(readFileSync(configPath, 'utf8')).toBe(configBefore);
    return refusal;
  }

  it('refuses, changing nothing, when the credential the host names is gone', async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    const real = await clinic.client.credentials.get(clinic.oldCredentialId);
    // Another credential of clinic1's, carrying its record, so the account still lists the clinic and its host.
    await clinic.client.credentials.create({
      owner_id: real.owner_id!,
      acl: ['bind:*.clinic1.internal'],
      metadata: formatClinicRecord({ ...readClinicRecord(real.metadata)!, generation: 2 }),
    });
    await clinic.client.credentials.delete(real.id);
    const refusal = await refusedRotation(clinic);
    expect(refusal).toBeInstanceOf(UserError);
    expect(refusal).toMatchObject({
      message: expect.stringContaining(`(${real.id}) is no longer in the ngrok account`),
      hint: expect.stringContaining('clinic-tui onboard'),
    });
  });

  it('refuses, changing nothing, when the host config names no credential', async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
    const configPath = join(clinic.sandbox.root, clinic.spec.host.config_path);
    const config = parseDocument(readFileSync(configPath, 'utf8'));
    config.setIn(['agent', 'metadata'], formatTag({ clinic: 'clinic1', role: 'agent-credential' }));
    writeFileSync(configPath, config.toString());
    const refusal = await refusedRotation(clinic);
    expect(refusal).toBeInstanceOf(UserError);
    expect(refusal).toMatchObject({ message: expect.stringContaining('names no credential of clinic1') });
  });
});
