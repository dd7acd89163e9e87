import { describe, expect, it } from 'vitest';
import { describeExisting } from '../../flows/questions/existing.js';
import { existingClinicLookup, type LookupApi } from '../../source/commands/existing-clinic.js';
import { serviceUserSchema } from '../../source/ngrok/types.js';
import { buildLists, type FixtureClinic } from '../helpers/fleet-fixtures.js';

async function* listOf<T>(items: T[]): AsyncIterable<T> {
  yield* items;
}

/**
 * The account's lists for these clinics, as the API answers them with only the cloud/agent part of a filter
 * applied (the lookup checks every tag itself). Each credential is owned by a service user, as ngrok's are.
 */
function accountOf(clinics: FixtureClinic[], serviceUsers: string[] = []): LookupApi {
  const lists = buildLists(clinics);
  const credentials = lists.credentials.map((credential) => ({ ...credential, owner_id: 'bot_owner' }));
  return {
    serviceUsers: {
      list: () => listOf(serviceUsers.map((name, n) => serviceUserSchema.parse({ id: `bot_${n}`, name }))),
    },
    credentials: { list: () => listOf(credentials) },
    endpoints: {
      list: (options?: { filter?: string }) =>
        listOf(options?.filter?.includes('cloud') ? lists.cloudEndpoints : lists.agentEndpoints),
    },
    reservedAddrs: { list: () => listOf(lists.reservedAddrs) },
    tunnelSessions: {
      get: async (id: string) => lists.sessions.find((session) => session.id === id),
    },
  } as unknown as LookupApi;
}

const fleet: FixtureClinic[] = [
  { id: 'clinic1', recordEndpoints: true },
  { id: 'clinic2', recordEndpoints: true, sessions: 0 },
  { id: 'clinic3', recordEndpoints: true, downEndpoints: ['patient-db'] },
];

describe('the wizard looks up the clinic id typed in the account', () => {
  it('finds a clinic by its tags, with its health, endpoints and host', async () => {
    const lookup = existingClinicLookup(accountOf(fleet));
    const found = await Promise.all(['clinic1', 'clinic2', 'clinic3'].map(lookup));
    expect(found.map((clinic, n) => describeExisting(`clinic${n + 1}`, clinic!))).toEqual([
      'clinic1 already exists in this account: online · 3 endpoints · host 10.0.0.8',
      'clinic2 already exists in this account: offline · 3 endpoints · host 10.0.0.8',
      'clinic3 already exists in this account: degraded · 3 endpoints · host 10.0.0.8',
    ]);
  });

  it('an id nothing is tagged for is free; a service user alone (cloud stage begun) is a clinic with no host', async () => {
    const lookup = existingClinicLookup(accountOf(fleet, ['clinic-tui/clinic9']));
    expect(await lookup('clinic4')).toBeUndefined();
    expect(await lookup('clinic9')).toEqual({ status: 'offline', endpoints: 0 });
    expect(describeExisting('clinic9', { status: 'offline', endpoints: 0 })).toBe(
      'clinic9 already exists in this account: offline · 0 endpoints · no host yet',
    );
  });

  it('a clinic whose cloud stage ran but not its host stage (no credential) is offline, with its endpoints', async () => {
    const cloudOnly = {
      ...accountOf([{ id: 'clinic5' }]),
      credentials: { list: () => listOf([]) },
    } as unknown as LookupApi;
    expect(await existingClinicLookup(cloudOnly)('clinic5')).toEqual({ status: 'offline', endpoints: 3 });
  });

  it('an account that fails announces nothing instead of stopping the wizard', async () => {
    const down = {
      ...accountOf(fleet),
      credentials: {
        list: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('503')) }) }),
      },
    } as unknown as LookupApi;
    expect(await existingClinicLookup(down)('clinic1')).toBeUndefined();
  });
});
