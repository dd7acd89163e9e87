import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { describeExisting } from '../../flows/questions/existing.js';
import { existingClinicLookup, type LookupApi } from '../../source/commands/existing-clinic.js';
import { gatherWizardDefaults } from '../../source/commands/wizard-defaults.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import type { ListOptions } from '../../source/ngrok/resources.js';
import { formatTag } from '../../source/ngrok/tags.js';
import { callRoute, seedFleet } from '../../source/sandbox/emulator/seed.js';
import type { Emulator } from '../../source/sandbox/emulator/server.js';
import { scratchDirs } from '../helpers/scratch.js';
import { emulatorWithClient } from './api-setup.js';

// A big account as the wizard meets it: 250 clinics (three pages of service users), the last ten offline, and
// reserved addresses for clinic3 in eu and for nobody in us.
const scratch = scratchDirs('clinic-tui-wizard-reads-');
let ctx: { emulator: Emulator; client: NgrokClient } | undefined;
afterEach(async () => {
  await ctx?.emulator.close();
  ctx = undefined;
});

async function bigAccount() {
  ctx = await emulatorWithClient();
  const seeded = seedFleet(ctx.emulator, { clinics: 250, offline: 10 });
  callRoute(ctx.emulator.state, 'POST', '/reserved_addrs', { region: 'us' });
  callRoute(ctx.emulator.state, 'POST', '/reserved_addrs', {
    region: 'eu',
    metadata: formatTag({ clinic: 'clinic3', role: 'reserved-addr', service: 'pacs' }),
  });
  return { ...ctx, seeded };
}

/** The requests the emulator received from `start` on, as `METHOD path`, with the filter each list sent. */
function received(emulator: Emulator, start: number) {
  return emulator.state.requestLog.slice(start).map((entry) => ({
    call: `${entry.method} ${entry.path}`,
    ...(entry.query.filter ? { filter: entry.query.filter } : {}),
  }));
}

describe("the wizard's reads of a 250-clinic account", () => {
  it('reads service users and reserved addresses once for the defaults and every lookup, and each clinic by filter', async () => {
    const { emulator, client, seeded } = await bigAccount();
    const home = scratch();
    const defaults = await gatherWizardDefaults({
      api: client,
      stateDir: scratch(),
      sshConfigPath: join(home, 'no-ssh-config'),
      env: {},
      home,
    });
    expect(defaults).toMatchObject({ clinicId: 'clinic251', domain: 'clinic-network.com', region: 'eu' });
    const defaultsRead = received(emulator, 0);
    expect(defaultsRead.filter(({ call }) => call === 'GET /service_users')).toHaveLength(3);
    expect(defaultsRead.filter(({ call }) => call === 'GET /reserved_addrs')).toHaveLength(1);

    const lookup = existingClinicLookup(client);
    const clinic7 = seeded[6]!;
    let start = emulator.state.requestLog.length;
    const found7 = await lookup('clinic7');
    expect(describeExisting('clinic7', found7!)).toBe(
      'clinic7 already exists in this account: online · 1 endpoint · no host yet',
    );
    // No list read again, no list of the whole account: one filtered page each, and the one session by its id.
    expect(received(emulator, start)).toEqual(
      expect.arrayContaining([
        {
          call: 'GET /credentials',
          filter: '"bind:*.clinic7.internal" in obj.acl',
        },
        {
          call: 'GET /endpoints',
          filter: `obj.type == "cloud" && (obj.metadata == ${JSON.stringify(
            formatTag({ clinic: 'clinic7', role: 'cloud-endpoint', service: 'rest-api' }),
          )} || obj.url == "https://api-clinic7.clinic-network.com")`,
        },
        {
          call: 'GET /endpoints',
          filter: `(obj.type == "agent" || obj.type == "ephemeral") && obj.principal.id == "${clinic7.serviceUserId}"`,
        },
        { call: `GET /tunnel_sessions/${clinic7.tunnelSessionId}` },
      ]),
    );
    expect(received(emulator, start)).toHaveLength(4);

    start = emulator.state.requestLog.length;
    expect(await lookup('clinic245')).toEqual({ status: 'offline', endpoints: 1 });
    expect(await lookup('clinic3')).toMatchObject({ status: 'online', endpoints: 1 });
    expect(await lookup('clinic999')).toBeUndefined();
    const lookups = received(emulator, start);
    expect(
      lookups.filter(({ call }) => call === 'GET /service_users' || call === 'GET /reserved_addrs'),
    ).toEqual([]);
    // clinic245's agent is offline: no session to read. clinic999 has no credential, so no record names its cloud
    // endpoints: they are asked for by type (its tag is matched here), and its service user in the list read once.
    expect(lookups.filter(({ call }) => call.startsWith('GET /tunnel_sessions/'))).toHaveLength(1);
    expect(lookups).toContainEqual({
      call: 'GET /credentials',
      filter: '"bind:*.clinic999.internal" in obj.acl',
    });
    expect(lookups).toContainEqual({ call: 'GET /endpoints', filter: 'obj.type == "cloud"' });
    // Every list a lookup read was filtered on the server.
    expect(
      lookups.filter(({ call, filter }) => !filter && !call.startsWith('GET /tunnel_sessions/')),
    ).toEqual([]);
  }, 90_000);

  it('stops paging when the lookup gives up: no request reaches the API after the bound', async () => {
    const { emulator, client } = await bigAccount();
    emulator.faults.latencyMs = 1000;
    const lookup = existingClinicLookup(client, 1500);
    expect(await lookup('clinic7')).toBeUndefined();
    const atBound = emulator.state.requestLog.length;
    await sleep(3000);
    expect(emulator.state.requestLog.length).toBe(atBound);
    // Three pages of service users make the whole list; the read stopped before the last one.
    const pages = emulator.state.requestLog.filter((entry) => entry.path === '/service_users');
    expect(pages.length).toBeLessThan(3);
  }, 90_000);

  it('announces a clinic found by its tags without waiting for the service users, whose read then ends', async () => {
    const { emulator, client } = await bigAccount();
    // The service-user list starts only after two seconds (a slow account), unless its reader gives up first.
    const slowUsers: LookupApi = {
      serviceUsers: {
        async *list(options?: ListOptions) {
          await sleep(2000, undefined, options?.signal ? { signal: options.signal } : {});
          yield* client.serviceUsers.list(options);
        },
      },
      reservedAddrs: client.reservedAddrs,
      credentials: client.credentials,
      endpoints: client.endpoints,
      tunnelSessions: client.tunnelSessions,
    };
    const found = await existingClinicLookup(slowUsers)('clinic7');
    expect(found).toEqual({ status: 'online', endpoints: 1 });
    await sleep(2500);
    expect(emulator.state.requestLog.filter((entry) => entry.path === '/service_users')).toEqual([]);
  }, 90_000);
});
