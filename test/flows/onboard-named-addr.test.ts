import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { UserError } from '../../source/errors.js';
import { callRoute } from '../../source/sandbox/emulator/seed.js';
import { type OnboardWorld, onboardInProcess, startWorld } from './fixture.js';

/** The guide's clinic with operations-db's public URL written as a TCP address instead of `reserve`. */
function nameAddr(world: OnboardWorld, url: string): void {
  const answers = parse(readFileSync(world.answersPath, 'utf8'));
  const ops = answers.services.find((service: { name: string }) => service.name === 'operations-db');
  ops.public = { ...ops.public, url };
  writeFileSync(world.answersPath, stringify(answers));
}

describe('a public tcp URL written in the answers', { timeout: 120_000 }, () => {
  let world: OnboardWorld;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(() => world?.close());

  it('that the account has not reserved is refused while planning: exit 2, the field named, nothing created', async () => {
    nameAddr(world, 'tcp://1.tcp.ngrok.io:29999');
    const { summary, result } = await onboardInProcess(world);
    expect(summary.result).toBe('failed');
    expect(summary.error?.message).toMatch(
      /services\[\d\]\.public\.url: tcp:\/\/1\.tcp\.ngrok\.io:29999 is not a TCP address reserved/,
    );
    expect(result.failure?.error).toBeInstanceOf(UserError);
    expect(world.emulator.state.requestLog.filter((entry) => entry.method !== 'GET')).toEqual([]);
  });

  it('that the account has reserved is used', async () => {
    const addr = callRoute(world.emulator.state, 'POST', '/reserved_addrs', { description: 'by hand' });
    nameAddr(world, `tcp://${addr.addr}`);
    const { summary, lines } = await onboardInProcess(world);
    expect(summary.result, lines.join('\n')).toBe('converged');
    expect(
      world.emulator.state.endpoints.all().some((endpoint) => endpoint.url === `tcp://${addr.addr}`),
    ).toBe(true);
  });
});
