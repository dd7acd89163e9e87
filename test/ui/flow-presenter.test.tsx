import { afterEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, GoBack } from '../../source/errors.js';
import { createInkPresenter, type InkPresenter } from '../../source/ui/render-flow.js';
import { ARROW_DOWN, BACKSPACE, CTRL_C, ENTER, ESC, TAB } from '../helpers/keys.js';
import { createTestTerminal, type TestTerminal } from '../helpers/render.js';
import { fakeToken, review, startEvent, summary } from './fixtures.js';

let open: InkPresenter[] = [];
afterEach(async () => {
  await Promise.all(open.map((presenter) => presenter.close()));
  open = [];
});

function setup(options: { rows?: number; onInterrupt?: () => void } = {}) {
  const terminal: TestTerminal = createTestTerminal({ rows: options.rows });
  const presenter = createInkPresenter({
    title: 'clinic-tui onboard',
    clinic: 'clinic1',
    stage: 'all',
    sandbox: true,
    streams: terminal.streams,
    debug: true,
    resumeCommand: 'clinic-tui onboard --answers clinic1.yml',
    onInterrupt: options.onInterrupt,
  });
  open.push(presenter);
  return { terminal, presenter };
}

describe('Ink flow presenter: steps', () => {
  it('shows the header with the SANDBOX label, running and pending steps, then done and failed ones', async () => {
    const { terminal, presenter } = setup();
    presenter.listener(startEvent);
    presenter.listener({
      type: 'step:start',
      step: 'cloud.service-user',
      title: 'Create the clinic service user',
    });
    presenter.listener({ type: 'status', step: 'cloud.service-user', text: 'looking up by tag' });
    let frame = await terminal.waitFor('looking up by tag');
    expect(frame).toContain('Onboard clinic1 · clinic1 · stage all  SANDBOX');
    expect(frame).toContain('· Push ngrok.yml to the clinic host');

    presenter.listener({ type: 'step:done', step: 'cloud.service-user' });
    presenter.listener({ type: 'step:done', step: 'cloud.endpoints', skipped: true });
    presenter.listener({
      type: 'step:fail',
      step: 'host.push',
      message: 'ngrok config check failed: unknown key "tunnels"',
      hint: 'Fix the config and rerun; the old config was restored.',
    });
    frame = await terminal.waitFor('old config was restored');
    expect(frame).toContain('✓ Create the clinic service user');
    expect(frame).toContain('= Create the public cloud endpoints (already in place)');
    expect(frame).toContain('✗ Push ngrok.yml to the clinic host');
    expect(frame).toContain('ngrok config check failed: unknown key "tunnels"');
    expect(frame).toContain('→ Fix the config and rerun');
    expect(frame).not.toContain('looking up by tag');
  });
});

describe('Ink flow presenter: questions', () => {
  it('text: types into the prefilled field, shows the validation message inline, accepts once valid', async () => {
    const { terminal, presenter } = setup();
    const answer = presenter.asker.ask({
      kind: 'text',
      id: 'clinic.id',
      message: 'Clinic id',
      default: 'clinic',
      validate: (value) => (/^[a-z0-9]+$/.test(value) ? undefined : 'must be lowercase letters and digits'),
    });
    await terminal.waitFor('Clinic id');
    await terminal.type('_X');
    await terminal.press(ENTER);
    expect(await terminal.waitFor('✗ must be lowercase')).toContain('clinic_X');
    await terminal.press(BACKSPACE, BACKSPACE);
    await terminal.type('7');
    await terminal.press(ENTER);
    await expect(answer).resolves.toBe('clinic7');
    expect(terminal.lastFrame()).not.toContain('Clinic id');
  });

  it('text: keys that arrive in one chunk (paste, tmux) still act: Ctrl+U clears, Enter submits', async () => {
    const { terminal, presenter } = setup();
    const answer = presenter.asker.ask({
      kind: 'text',
      id: 'clinic.id',
      message: 'Clinic id',
      default: 'clinic1',
    });
    await terminal.waitFor('Clinic id');
    await terminal.press('\u0015east-7\r');
    await expect(answer).resolves.toBe('east-7');
  });

  it('Esc on a question rejects with GoBack so the wizard can re-ask the previous one', async () => {
    const { terminal, presenter } = setup();
    const answer = presenter.asker.ask({ kind: 'text', id: 'x', message: 'Clinic name' });
    // The expectation is attached before the key, so the rejection is never briefly unhandled.
    const rejected = expect(answer).rejects.toBeInstanceOf(GoBack);
    await terminal.waitFor('Clinic name');
    await terminal.press(ESC);
    await rejected;
  });

  it('select: ↓ and Tab move the pointer, Enter picks', async () => {
    const { terminal, presenter } = setup();
    const answer = presenter.asker.ask({
      kind: 'select',
      id: 'protocol',
      message: 'Protocol',
      choices: ['http', 'https', 'tls', 'tcp'].map((value) => ({
        value,
        label: value,
        hint: `${value} hint`,
      })),
      default: 'https',
    });
    expect(await terminal.waitFor('❯ https')).toContain('tls hint');
    await terminal.press(ARROW_DOWN);
    await terminal.waitFor('❯ tls');
    await terminal.press(TAB, ENTER);
    await expect(answer).resolves.toBe('tcp');
  });

  it('confirm: Enter takes the default, n answers no', async () => {
    const { terminal, presenter } = setup();
    const first = presenter.asker.ask({ kind: 'confirm', id: 'a', message: 'Expose it?', default: true });
    expect(await terminal.waitFor('Expose it?')).toContain('❯ Yes');
    await terminal.press(ENTER);
    await expect(first).resolves.toBe(true);
    const second = presenter.asker.ask({ kind: 'confirm', id: 'b', message: 'Really?', default: true });
    await terminal.waitFor('Really?');
    await terminal.press('n');
    await expect(second).resolves.toBe(false);
  });

  it('secret: shows only bullets, never the typed characters', async () => {
    const { terminal, presenter } = setup();
    const answer = presenter.hostPrompter.passphrase('/home/tech/.ssh/id_ed25519');
    await terminal.waitFor('Passphrase for /home/tech/.ssh/id_ed25519');
    await terminal.type('hunter2');
    expect(terminal.lastFrame()).toContain('•••••••');
    await terminal.press(ENTER);
    await expect(answer).resolves.toBe('hunter2');
    expect(terminal.frames().join('\n')).not.toContain('hunter2');
  });

  it('number: refuses what is not a whole number in range', async () => {
    const { terminal, presenter } = setup();
    const answer = presenter.asker.ask({
      kind: 'number',
      id: 'port',
      message: 'SSH port',
      default: 22,
      min: 1,
      max: 65535,
    });
    await terminal.waitFor('SSH port');
    await terminal.press(BACKSPACE, BACKSPACE);
    await terminal.type('0');
    await terminal.press(ENTER);
    await terminal.waitFor('✗ must be a whole number from 1 to 65535');
    await terminal.press(BACKSPACE);
    await terminal.type('2222');
    await terminal.press(ENTER);
    await expect(answer).resolves.toBe(2222);
  });

  it('host key: shows the fingerprint; Esc means do not trust it', async () => {
    const { terminal, presenter } = setup();
    const answer = presenter.hostPrompter.confirmHostKey({
      host: '[127.0.0.1]:2222',
      keyType: 'ssh-ed25519',
      fingerprint: 'SHA256:abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
    });
    expect(await terminal.waitFor('Trust it?')).toContain(
      'SHA256:abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
    );
    expect(terminal.lastFrame()).toContain('❯ No');
    await terminal.press(ESC);
    await expect(answer).resolves.toBe(false);
  });

  it('? shows the key help', async () => {
    const { terminal, presenter } = setup();
    void presenter.asker.ask({
      kind: 'select',
      id: 's',
      message: 'Pick',
      choices: [{ value: 'a', label: 'A' }],
    });
    await terminal.waitFor('Pick');
    await terminal.press('?');
    expect(await terminal.waitFor('Ctrl+C')).toContain('back one question');
  });
});

describe('Ink flow presenter: review, summary, Ctrl+C', () => {
  it('review: shows creates and reuses, the ngrok.yml with the token masked, and the policy; Enter goes ahead', async () => {
    const { terminal, presenter } = setup({ rows: 60 });
    const decision = presenter.confirmPlan(review);
    const frame = await terminal.waitFor('Apply this plan?');
    expect(frame).toContain('+ create service user clinic-tui/clinic1');
    expect(frame).toContain('= reuse  reserved domain *.clinic-network.com');
    expect(frame).toContain('authtoken: 2ab…XyZ');
    expect(frame).toContain('Traffic Policy for https://api-clinic1.clinic-network.com');
    expect(frame).toContain('who may reach it: header x-clinic-token + JWT from https://login.example.org');
    expect(frame).toMatch(/^ {20}IPs 203\.0\.113\.42\/32$/m);
    expect(frame).toContain('what it does: on_http_request: forward-internal');
    // The policy as YAML, one key a line, not one JSON line cut at the edge.
    expect(frame).toContain('        - type: forward-internal');
    expect(frame).toContain('who may reach it: OPEN TO ANYONE');
    expect(frame).not.toContain('{"on_');
    expect(terminal.frames().join('\n')).not.toContain(fakeToken);
    await terminal.press(ENTER);
    await expect(decision).resolves.toBe(true);
  });

  it('review after the wizard: Esc goes back to the questions, n changes nothing', async () => {
    const { terminal, presenter } = setup({ rows: 60 });
    presenter.reviewGoesBack();
    const first = presenter.confirmPlan(review);
    const back = expect(first).rejects.toBeInstanceOf(GoBack);
    expect(await terminal.waitFor('Apply this plan?')).toContain('Esc: back · n: change nothing');
    await terminal.press(ESC);
    await back;
    const second = presenter.confirmPlan(review);
    await terminal.waitFor('Apply this plan?');
    await terminal.press('n');
    await expect(second).resolves.toBe(false);
  });

  it('review: fits a short terminal by scrolling, follows a resize, and Esc changes nothing', async () => {
    const { terminal, presenter } = setup({ rows: 12 });
    const decision = presenter.confirmPlan(review);
    let frame = await terminal.waitFor('Apply this plan?');
    expect(frame).not.toContain('forward-internal');
    expect(frame.split('\n').length).toBeLessThanOrEqual(12);
    for (let i = 0; i < 20; i++) await terminal.press(ARROW_DOWN);
    frame = terminal.lastFrame();
    expect(frame).toContain('forward-internal');
    expect(frame).not.toContain('Plan for clinic1');
    terminal.resize(80, 40);
    frame = await terminal.waitFor('Plan for clinic1');
    await terminal.press(ESC);
    await expect(decision).resolves.toBe(false);
  });

  it('summary: created, public URLs, CNAME records and how to watch health', async () => {
    const { terminal, presenter } = setup({ rows: 40 });
    await presenter.finish(summary);
    const frame = terminal.lastFrame();
    expect(frame).toContain('✓ clinic1 is onboarded and online');
    expect(frame).toContain('cloud endpoint https://api-clinic1.clinic-network.com');
    expect(frame).toContain('CNAME *.clinic-network.com → abc.cname.ngrok.app');
    expect(frame).toContain('Watch it: clinic-tui fleet');
  });

  it('Ctrl+C on a question stops, calls onInterrupt and says nothing was changed', async () => {
    const onInterrupt = vi.fn();
    const { terminal, presenter } = setup({ onInterrupt });
    const answer = presenter.asker.ask({ kind: 'text', id: 'x', message: 'Clinic name' });
    const rejected = expect(answer).rejects.toThrow('Stopped by Ctrl+C. Nothing was changed.');
    await terminal.waitFor('Clinic name');
    await terminal.press(CTRL_C);
    await rejected;
    expect(onInterrupt).toHaveBeenCalledOnce();
    const frame = await terminal.waitFor('Stopped by Ctrl+C');
    expect(frame).toContain('Nothing was changed.');
    expect(frame).not.toContain('To resume');
    await expect(presenter.asker.ask({ kind: 'text', id: 'y', message: 'Next' })).rejects.toBeInstanceOf(
      AbortedError,
    );
  });

  it('Ctrl+C on the review says nothing was changed', async () => {
    const { terminal, presenter } = setup({ rows: 40 });
    presenter.listener(startEvent);
    const decision = presenter.confirmPlan(review);
    const rejected = expect(decision).rejects.toThrow('Nothing was changed.');
    await terminal.waitFor('Apply this plan?');
    await terminal.press(CTRL_C);
    await rejected;
  });

  it('Ctrl+C once a step applies says finished steps are kept and how to resume', async () => {
    const { terminal, presenter } = setup();
    presenter.setResumeCommand('clinic-tui onboard --answers /state/answers/clinic7.yml');
    presenter.listener(startEvent);
    presenter.listener({
      type: 'step:start',
      step: 'cloud.service-user',
      title: 'Create the clinic service user',
    });
    await terminal.waitFor('Create the clinic service user');
    await terminal.press(CTRL_C);
    const frame = await terminal.waitFor('Stopped by Ctrl+C');
    expect(frame).toContain('Finished steps are kept');
    expect(frame).toContain('To resume, run: clinic-tui onboard --answers /state/answers/clinic7.yml');
  });

  it('the header says which question of how many is on screen', async () => {
    const { terminal, presenter } = setup();
    void presenter.asker.ask({
      kind: 'text',
      id: 'clinic.id',
      message: 'Clinic id',
      position: { at: 3, of: 10 },
    } as Parameters<typeof presenter.asker.ask>[0]);
    expect(await terminal.waitFor('Clinic id')).toContain(
      'clinic-tui onboard · clinic1 · stage all · question 3 of 10',
    );
  });
});
