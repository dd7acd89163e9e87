import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FlowPresenter, FlowSummary } from '../../flows/presenter.js';
import type { RotationOutcome } from '../../flows/rotate/types.js';
import { flowFailure, rotationFailure, withJsonFailure } from '../../source/commands/json-failure.js';
import { UserError } from '../../source/errors.js';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { createRotationLines } from '../../source/ui/rotate/rotation-lines.js';
import { runCli } from '../helpers/cli.js';

// With --json a script reads stdout's last line for how the run ended: every failure, bad input included, ends
// with the command's summary object there (exit code and the message on stderr as without --json).

let emulator: Emulator;
let env: Record<string, string>;
const dir = mkdtempSync(join(tmpdir(), 'clinic-tui-json-failure-'));
const path = (name: string) => join(dir, name);

/** An answers file for clinic9 whose host key file is not an SSH private key (found inside the run). */
function answersWithBadKey(): string {
  writeFileSync(path('not-a-key'), 'not a key\n');
  const answers = {
    version: 1,
    clinic: { id: 'clinic9', name: 'Clinic 9' },
    network: { domain: 'clinic-network.com' },
    services: [
      {
        name: 'rest-api',
        internal_url: 'https://rest-api.clinic9.internal',
        upstream: 8080,
        public: { url: 'https://api-clinic9.clinic-network.com' },
      },
    ],
    host: { address: '127.0.0.1', port: 2222, user: 'technician', identity_file: path('not-a-key') },
  };
  writeFileSync(path('bad-key.json'), JSON.stringify(answers));
  return path('bad-key.json');
}

beforeAll(async () => {
  emulator = await startEmulator();
  env = { NGROK_API_KEY: emulator.createApiKey(), NGROK_API_URL: emulator.url };
  writeFileSync(path('broken.yml'), 'version: 1\nclinic: [\n');
});
afterAll(async () => {
  await emulator.close();
});

/** The last line of stdout as JSON, checked to be the only object there without a `type` (the summary). */
function summaryOf(stdout: string): Record<string, unknown> {
  const objects = stdout
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(objects.filter((object) => !('type' in object))).toHaveLength(1);
  return objects.at(-1)!;
}

const flowFailed = {
  result: 'failed',
  created: [],
  updated: [],
  deleted: [],
  reused: [],
  labels: {},
  publicUrls: [],
  dnsRecords: [],
  nextSteps: ['Nothing was changed.'],
};

interface Case {
  what: string;
  args: () => string[];
  env?: () => Record<string, string>;
  says: string;
  summary: Record<string, unknown>;
}

const cases: Case[] = [
  {
    what: 'onboard, a missing answers file (no clinic known)',
    args: () => ['onboard', '--answers', path('nope.yml'), '--yes', '--json'],
    says: 'cannot be read: no such file',
    summary: flowFailed,
  },
  {
    what: 'onboard, a malformed answers file',
    args: () => ['onboard', '--answers', path('broken.yml'), '--yes', '--json'],
    says: 'broken.yml',
    summary: flowFailed,
  },
  {
    what: 'onboard, no NGROK_API_KEY',
    args: () => ['onboard', '--answers', answersWithBadKey(), '--yes', '--json'],
    env: () => ({ ...env, NGROK_API_KEY: '' }),
    says: 'NGROK_API_KEY is not set',
    summary: { clinic: 'clinic9', ...flowFailed },
  },
  {
    what: 'onboard, a malformed NGROK_API_KEY',
    args: () => ['onboard', '--answers', answersWithBadKey(), '--yes', '--json'],
    env: () => ({ ...env, NGROK_API_KEY: 'two words' }),
    says: 'NGROK_API_KEY holds characters',
    summary: flowFailed,
  },
  {
    what: 'onboard, an identity_file that is not a key (found after the presenter opened)',
    args: () => ['onboard', '--answers', answersWithBadKey(), '--yes', '--json'],
    says: 'is not an SSH private key',
    summary: { clinic: 'clinic9', ...flowFailed },
  },
  {
    what: 'offboard, an id that is no clinic id',
    args: () => ['offboard', 'Clinic_1', '--yes', '--json'],
    says: 'is not a clinic id',
    summary: flowFailed,
  },
  {
    what: 'offboard, no NGROK_API_KEY',
    args: () => ['offboard', 'clinic1', '--yes', '--json'],
    env: () => ({ ...env, NGROK_API_KEY: '' }),
    says: 'NGROK_API_KEY is not set',
    summary: { clinic: 'clinic1', ...flowFailed },
  },
  {
    what: 'rotate, no NGROK_API_KEY',
    args: () => ['rotate', 'clinic1', '--yes', '--json'],
    env: () => ({ ...env, NGROK_API_KEY: '' }),
    says: 'NGROK_API_KEY is not set',
    summary: {
      clinic: 'clinic1',
      result: 'failed',
      old_credential: null,
      new_credential: null,
      gap_ms: null,
    },
  },
  {
    what: 'rotate --all with --answers',
    args: () => ['rotate', '--all', '--answers', path('nope.yml'), '--yes', '--json'],
    says: 'cannot go with --all',
    summary: { result: 'failed', old_credential: null, new_credential: null, gap_ms: null },
  },
  {
    what: 'verify, no NGROK_API_KEY',
    args: () => ['verify', 'clinic1', '--json'],
    env: () => ({ ...env, NGROK_API_KEY: '' }),
    says: 'NGROK_API_KEY is not set',
    summary: { clinic: 'clinic1', endpoints: [] },
  },
];

describe('--json failures end with the summary object on stdout', { timeout: 90_000 }, () => {
  for (const { what, args, says, summary, ...rest } of cases) {
    it(what, async () => {
      const result = await runCli(args(), { env: rest.env?.() ?? env, timeoutMs: 80_000 });
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toContain(says);
      const printed = summaryOf(result.stdout);
      expect(printed).toMatchObject(summary);
      if (!('clinic' in summary)) expect(printed).not.toHaveProperty('clinic');
      const error = printed.error as { message: string; hint?: string };
      expect(result.stderr).toContain(error.message);
      if (error.hint) expect(result.stderr).toContain(error.hint);
    });
  }
});

describe('a failure after the flow printed its summary', () => {
  it('prints no second summary, and the error still reaches the handler', async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const summary = { clinic: 'clinic1', result: 'failed' } as FlowSummary;
    const presenter = {
      finish: async (done: FlowSummary) => {
        process.stdout.write(`${JSON.stringify(done)}\n`);
      },
    } as FlowPresenter;
    const command = new Command('onboard').option('--json');
    command.parse(['--json'], { from: 'user' });
    const action = withJsonFailure(flowFailure, async (report, _flags: object, _self: Command) => {
      await report.watch(presenter).finish(summary);
      throw new UserError('after the summary');
    });
    try {
      await expect(action({}, command)).rejects.toThrow('after the summary');
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual([`${JSON.stringify(summary)}\n`]);
  });
  it("rotate: settling the remembered key fails after the rotation's outcome was printed, and no failed object follows", async () => {
    const written: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    const outcome = {
      clinic: 'clinic1',
      result: 'rotated',
      old_credential: 'cr_old',
      new_credential: 'cr_new',
      gap_ms: 0,
    } as RotationOutcome;
    const command = new Command('rotate').option('--json');
    command.parse(['--json'], { from: 'user' });
    const action = withJsonFailure(rotationFailure, async (report, _flags: object, _self: Command) => {
      const view = createRotationLines({
        clinic: 'clinic1',
        json: true,
        ask: false,
        onPrinted: report.printed,
      });
      await view.finish(outcome);
      throw new Error('EACCES: hosts.json');
    });
    try {
      await expect(action({}, command)).rejects.toThrow('EACCES: hosts.json');
    } finally {
      write.mockRestore();
    }
    expect(written).toEqual([`${JSON.stringify(outcome)}\n`]);
  });
});
