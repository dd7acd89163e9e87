import { beforeEach, describe, expect, it, vi } from 'vitest';

/** Every prompt @inquirer/prompts was asked to show, with its message as the person reads it. */
const shown: { kind: string; message: string }[] = [];
const replies: unknown[] = [];

/** Answers from `replies` (else the default); with an aborted signal, fails as @inquirer/prompts does. */
function prompt(kind: string) {
  return async (
    config: { message: string; default?: unknown; choices?: { value: unknown }[] },
    context?: { signal?: AbortSignal },
  ) => {
    shown.push({ kind, message: config.message });
    if (context?.signal?.aborted)
      throw Object.assign(new Error('Prompt was aborted'), { name: 'AbortPromptError' });
    if (replies.length > 0) return replies.shift();
    return config.default ?? config.choices?.[0]?.value ?? '';
  };
}

vi.mock('@inquirer/prompts', () => ({
  input: prompt('input'),
  number: prompt('number'),
  confirm: prompt('confirm'),
  password: prompt('password'),
  select: prompt('select'),
}));

// Workers share modules between files (isolate: false in vitest.config.ts): a file run earlier in this worker may have
// loaded the prompts with the real @inquirer/prompts. Loading them afresh here makes them see the mock above.
vi.resetModules();
const { askClinicSpec } = await import('../../flows/questions/onboarding.js');
const { guidePreset } = await import('../../flows/questions/presets.js');
const { plainAsker } = await import('../../source/ui/plain/asker.js');
const { AbortedError } = await import('../../source/errors.js');
const { plainHostPrompter } = await import('../../source/ui/plain/host-prompter.js');

beforeEach(() => {
  shown.length = 0;
  replies.length = 0;
});

describe('plain prompts (--plain, TERM=dumb)', () => {
  it('say where each question stands, "question N of M", as the full-screen wizard does', async () => {
    await askClinicSpec(plainAsker(), await guidePreset());
    expect(shown[0]).toEqual({ kind: 'select', message: 'question 1 of 15 · Start from' });
    expect(shown[1]!.message).toBe('question 2 of 15 · Clinic id (lowercase, such as clinic1)');
    expect(shown.at(-1)!.message).toMatch(/^question 15 of 15 · Who may connect to operations-db\?/);
    expect(shown).toHaveLength(15);
  });

  it('show an existing clinic above the reconfigure question', async () => {
    replies.push('guide', 'clinic1', true);
    await askClinicSpec(plainAsker(), await guidePreset(), {
      lookup: async (id) =>
        id === 'clinic1' ? { status: 'online', endpoints: 3, host: '192.0.2.5' } : undefined,
    }).catch(() => {});
    expect(shown[2]).toEqual({
      kind: 'confirm',
      message:
        'clinic1 already exists in this account: online · 3 endpoints · host 192.0.2.5\nquestion 3 of 16 · Reconfigure clinic1?',
    });
  });

  it("stop at the run's signal (a SIGINT from another process) as at a typed Ctrl+C", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(askClinicSpec(plainAsker(controller.signal), await guidePreset())).rejects.toBeInstanceOf(
      AbortedError,
    );
    expect(shown).toHaveLength(1);
  });

  it("stop the host's prompts (key, passphrase, passwords) at the run's signal too", async () => {
    const controller = new AbortController();
    const prompter = plainHostPrompter(controller.signal);
    replies.push('s3cret');
    expect(await prompter.password('tech@10.20.0.5')).toBe('s3cret');
    controller.abort();
    await expect(prompter.sudoPassword('tech@10.20.0.5')).rejects.toBeInstanceOf(AbortedError);
    await expect(
      prompter.confirmHostKey({ host: '10.20.0.5', keyType: 'ssh-ed25519', fingerprint: 'SHA256:x' }),
    ).rejects.toBeInstanceOf(AbortedError);
  });
});
