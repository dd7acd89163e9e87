import { describe, expect, it } from 'vitest';
import { createCredentialStep } from '../../flows/rotate/credential-steps.js';
import type { RotateCtx } from '../../flows/rotate/types.js';
import type { ApplyIO } from '../../flows/step.js';
import {
  type ClinicRecord,
  formatClinicRecord,
  readClinicRecord,
} from '../../source/clinic-record/record.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { type Credential, credentialSchema } from '../../source/ngrok/types.js';

const record: ClinicRecord = {
  clinic: 'clinic1',
  name: 'Clinic 1',
  generation: 4,
  host: {
    address: '10.20.0.5',
    port: 22,
    user: 'technician',
    config_path: '/etc/ngrok/ngrok.yml',
    host_key: `SHA256:${'k'.repeat(43)}`,
  },
  standby_host: { address: '10.20.0.6', port: 2222, user: 'technician', config_path: '/etc/ngrok/ngrok.yml' },
  endpoints: [
    {
      name: 'rest-api',
      internal_url: 'https://rest-api.clinic1.internal',
      public_url: 'https://api-clinic1.clinic-network.com',
    },
  ],
};

/** Runs the rotation's create step on an old credential; returns the metadata the new credential was made with. */
async function rotateFrom(metadata: string, generation: number): Promise<string> {
  const old = credentialSchema.parse({
    id: 'cr_old',
    created_at: '2026-11-01T00:00:00Z',
    metadata,
    description: 'clinic-tui: Clinic 1 agent',
    acl: ['bind:*.clinic1.internal'],
    owner_id: 'bot_1',
  });
  let sent = '';
  const api = {
    credentials: {
      create: async (body: { metadata: string }): Promise<Credential> => {
        sent = body.metadata;
        return credentialSchema.parse({ id: 'cr_new', created_at: '2026-11-27T00:00:00Z', token: 'tok_x' });
      },
    },
  };
  const ctx = {
    clinic: 'clinic1',
    oldCredential: old,
    generation,
    deps: { api },
    undo: {},
  } as unknown as RotateCtx;
  const io = { change: () => undefined } as unknown as ApplyIO<readonly []>;
  expect(await createCredentialStep.apply(ctx, io, undefined)).toEqual({ id: 'cr_new', token: 'tok_x' });
  expect(ctx.undo.newCredentialId).toBe('cr_new');
  return sent;
}

describe('the new credential of a rotation', () => {
  it('carries the clinic record over, one generation on', async () => {
    const sent = await rotateFrom(formatClinicRecord(record), 4);
    expect(readClinicRecord(sent)).toEqual({ ...record, generation: 5 });
    expect(JSON.parse(sent)).toMatchObject({ version: 1 });
  });

  it('writes the current shape when the old record had no version, keeping its host', async () => {
    const old = formatTag({ clinic: 'clinic1', role: 'agent-credential', generation: 1, host: record.host });
    const sent = await rotateFrom(old, 1);
    expect(JSON.parse(sent)).toMatchObject({ version: 1 });
    expect(readClinicRecord(sent)).toEqual({
      clinic: 'clinic1',
      generation: 2,
      host: record.host,
      endpoints: [],
    });
  });

  it('names only the clinic and its generation when the old record cannot be read', async () => {
    const tampered = formatTag({ clinic: 'clinic1', role: 'agent-credential', host: { address: 7 } });
    expect(readClinicRecord(await rotateFrom(tampered, 3))).toEqual({
      clinic: 'clinic1',
      generation: 4,
      endpoints: [],
    });
  });
});
