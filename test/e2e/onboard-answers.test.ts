import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Emulator, startEmulator } from '../../source/sandbox/emulator/server.js';
import { freshStateDir, projectRoot, runCli } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';

let emulator: Emulator;
let session: TmuxSession | undefined;
beforeAll(async () => {
  emulator = await startEmulator({ rateLimit: 0 });
});
afterAll(async () => {
  session?.kill();
  await emulator?.close();
});

/**
 * What the technician types: outside the demo no guide value is offered as a default, so the clinic's name, domain,
 * host, SSH login and allow lists are typed (the guide's shape of services is kept).
 */
const typedAnswers: [title: string, answer: string][] = [
  ['Clinic name, for people', 'Clinic 1'],
  ['Wildcard domain', 'clinic-network.com'],
  ['Clinic host (name or IP', '10.20.0.5'],
  ['SSH user on the clinic host', 'technician'],
  ['SSH key for', 'agent'],
  ['Who may reach rest-api', '203.0.113.7/32'],
  ['Who may connect to patient-db', '203.0.113.0/24'],
  ['Who may connect to operations-db', '203.0.113.42/32'],
];

/** The screen with tmux's wrapping undone, so a long line can be searched whole. */
const unwrapped = (screen: string) => screen.split('\n').join('');

/**
 * A technician answers the wizard (the guide's clinic, typing what has no default), steps back from the
 * review with Esc, then stops with Ctrl+C before anything applies: nothing changed, exit 130, and the answers are
 * kept in a 0600 file that the resume hint names. That command then onboards the clinic, and a rerun plans nothing.
 */
it('the wizard saves its answers before applying, and the resume hint converges with them', async () => {
  const key = emulator.createApiKey();
  const home = freshStateDir();
  const env = { NGROK_API_KEY: key, NGROK_API_URL: emulator.url, CLINIC_TUI_HOME: home };
  const command = [
    'env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1',
    ...Object.entries(env).map(([name, value]) => `${name}=${value}`),
    `${process.execPath} dist/clinic-tui.cjs onboard --stage cloud; echo "EXIT=$?"; sleep 60`,
  ].join(' ');
  session = startTmux('clinic-tui-e2e-onboard-answers', `cd ${projectRoot} && ${command}`);
  expect(await session.waitFor('Start from', 60_000)).toContain('question 1 of 16');
  for (let question = 1; question <= 16; question++) {
    const screen = unwrapped(await session.waitFor(`question ${question} of 16`));
    const typed = typedAnswers.find(([title]) => screen.includes(title));
    if (typed) {
      session.keys('C-u');
      session.type(typed[1]);
    }
    session.keys('Enter');
  }
  await session.waitFor('Apply this plan?', 60_000);
  session.keys('Escape');
  expect(await session.waitFor('Who may connect to operations-db')).toContain('question 16 of 16');
  session.keys('Enter');
  await session.waitFor('Apply this plan?', 60_000);
  session.keys('C-c');
  const end = unwrapped(await session.waitFor(/EXIT=\d+/, 30_000));
  const saved = join(home, 'answers', 'clinic1.yml');
  expect(end).toContain('Nothing was changed.');
  expect(end).toContain(`Your answers are saved: clinic-tui onboard --answers ${saved} --stage cloud`);
  expect(end).toContain('EXIT=130');
  expect(emulator.state.requestLog.filter((entry) => entry.method !== 'GET')).toEqual([]);

  expect(statSync(saved).mode & 0o777).toBe(0o600);
  const answers = parse(readFileSync(saved, 'utf8'));
  expect(answers.services[1].public).toEqual({ url: 'reserve', allow_ips: ['203.0.113.0/24'] });

  const apply = await runCli(['onboard', '--answers', saved, '--stage', 'cloud', '--yes'], {
    env,
    timeoutMs: 110_000,
  });
  expect(apply.stdout + apply.stderr).toContain('created cloud endpoint tcp://');
  expect(apply.code).toBe(0);
  const rerun = await runCli(['onboard', '--answers', saved, '--stage', 'cloud', '--dry-run'], {
    env,
    timeoutMs: 110_000,
  });
  expect(rerun.code).toBe(0);
  expect(rerun.stdout).toContain('No changes.');
}, 300_000);
