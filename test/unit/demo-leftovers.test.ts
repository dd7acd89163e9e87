import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { claimDemoFolder, removeDeadDemos } from '../../source/commands/demo-leftovers.js';
import { deadPid, scratchDirs } from '../helpers/scratch.js';

const scratch = scratchDirs('leftovers-');

describe("a demo killed with SIGKILL: the next demo removes what it can prove is a dead demo's", () => {
  it("removes a dead demo's folder and stops the simulated agent still running from it", async () => {
    const root = scratch();
    const dead = join(root, 'clinic-tui-demo-dead');
    mkdirSync(join(dead, 'host'), { recursive: true });
    writeFileSync(join(dead, 'owner.json'), JSON.stringify({ pid: await deadPid() }));
    writeFileSync(join(dead, 'host', 'client_ed25519'), 'a sandbox key');
    // A process whose command line names the folder, as the simulated agent's --config does.
    const agent = spawn(process.execPath, [
      '-e',
      'setInterval(() => {}, 1000)',
      `${dead}/host/etc/ngrok/ngrok.yml`,
    ]);
    const exited = new Promise((resolve) => agent.once('exit', (_code, signal) => resolve(signal)));
    await new Promise((resolve) => agent.once('spawn', resolve));
    expect(removeDeadDemos(root)).toEqual([dead]);
    expect(existsSync(dead)).toBe(false);
    expect(await exited).toBe('SIGTERM');
  });

  it('keeps a live demo, an unclaimed folder and folders that are not demos', async () => {
    const root = scratch();
    const live = join(root, 'clinic-tui-demo-live');
    mkdirSync(live);
    claimDemoFolder(live);
    const unclaimed = join(root, 'clinic-tui-demo-unclaimed');
    mkdirSync(unclaimed);
    const other = join(root, 'something-else');
    mkdirSync(other);
    writeFileSync(join(other, 'owner.json'), JSON.stringify({ pid: await deadPid() }));
    const garbled = join(root, 'clinic-tui-demo-garbled');
    mkdirSync(garbled);
    writeFileSync(join(garbled, 'owner.json'), '{"pid": "1"');
    expect(removeDeadDemos(root)).toEqual([]);
    for (const dir of [live, unclaimed, other, garbled]) expect(existsSync(dir)).toBe(true);
  });
});
