import { afterEach, describe, expect, it } from 'vitest';
import { collect, type NgrokClient } from '../../source/ngrok/client.js';
import type { Emulator } from '../../source/sandbox/emulator/server.js';
import { emulatorWithClient } from './api-setup.js';

const emulators: Emulator[] = [];
afterEach(async () => {
  for (const emulator of emulators.splice(0)) await emulator.close();
});

/** Two clinics' credentials, owned by the account's user, as onboarding tags them. */
async function twoClinics(): Promise<{ emulator: Emulator; client: NgrokClient; ownerId: string }> {
  const { emulator, client } = await emulatorWithClient();
  emulators.push(emulator);
  for (const clinic of ['clinic1', 'clinic2'])
    await client.credentials.create({ metadata: JSON.stringify({ clinic, role: 'credential' }) });
  return { emulator, client, ownerId: emulator.state.accountUserId };
}

/** The `filter` each list request to `path` carried (undefined: none). */
function sentFilters(emulator: Emulator, path: string): (string | undefined)[] {
  return emulator.state.requestLog
    .filter((entry) => entry.method === 'GET' && entry.path === path)
    .map((entry) => entry.query.filter);
}

const clinic1 = `obj.metadata.contains(${JSON.stringify('"clinic":"clinic1"')})`;

describe('list filters: only what ngrok documents is sent, the whole expression is evaluated locally', () => {
  it('sends no filter when only an undocumented function narrows, and still returns only the match', async () => {
    const { emulator, client } = await twoClinics();
    const found = await collect(client.credentials.list({ filter: clinic1 }));
    expect(found.map((credential) => JSON.parse(credential.metadata).clinic)).toEqual(['clinic1']);
    expect(sentFilters(emulator, '/credentials')).toEqual([undefined]);
  });

  it('sends the documented conjuncts of an expression and evaluates the rest locally', async () => {
    const { emulator, client, ownerId } = await twoClinics();
    const found = await collect(
      client.credentials.list({ filter: `obj.owner_id == "${ownerId}" && ${clinic1}` }),
    );
    expect(found).toHaveLength(1);
    expect(sentFilters(emulator, '/credentials')).toEqual([`obj.owner_id == "${ownerId}"`]);
  });

  it('sends nothing for a disjunction with an undocumented part, or a conjunct on an undocumented field', async () => {
    const { emulator, client, ownerId } = await twoClinics();
    const either = await collect(
      client.credentials.list({ filter: `obj.owner_id == "nobody" || ${clinic1}` }),
    );
    const token = await collect(
      client.credentials.list({ filter: `obj.token == "x" && obj.owner_id == "${ownerId}"` }),
    );
    expect([either.length, token.length]).toEqual([1, 0]);
    expect(sentFilters(emulator, '/credentials')).toEqual([undefined, `obj.owner_id == "${ownerId}"`]);
  });

  it('sends a documented expression whole, with its grouping', async () => {
    const { emulator, client } = await twoClinics();
    await collect(
      client.endpoints.list({
        filter: '(obj.type == "agent" || obj.type == "ephemeral") && !(obj.url == "x")',
      }),
    );
    expect(sentFilters(emulator, '/endpoints')).toEqual([
      '(obj.type == "agent" || obj.type == "ephemeral") && !(obj.url == "x")',
    ]);
  });

  it('the emulator refuses an undocumented function in ?filter= as an invalid filter (400)', async () => {
    const { emulator } = await twoClinics();
    const response = await fetch(`${emulator.url}/credentials?filter=${encodeURIComponent(clinic1)}`, {
      headers: { authorization: 'Bearer test_api_key_0123456789', 'ngrok-version': '2' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error_code?: string }).error_code).toBe('invalid_cel_expression');
  });
});
