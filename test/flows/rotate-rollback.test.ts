import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rollbackFlow } from '../../flows/rotate/rollback.js';
import { rotateClinic, rotateFlow } from '../../flows/rotate/run.js';
import type { RotateCtx } from '../../flows/rotate/types.js';
import type { Flow } from '../../flows/step.js';
import {
  hostArgv,
  hostFile,
  onboardSandboxClinic,
  type SandboxClinic,
  servedUrls,
} from './rotate-fixture.js';

/** The forward flow with one phase failing right after its work is done: the most there is to undo. */
function failingAfter(phase: string): Flow<RotateCtx> {
  return {
    ...rotateFlow,
    steps: rotateFlow.steps.map((step) =>
      step.id !== phase
        ? step
        : {
            ...step,
            apply: async (ctx, io, planned) => {
              await step.apply(ctx, io, planned);
              throw new Error(`injected failure after ${phase}`);
            },
          },
    ),
  };
}

// A pooled clinic goes through every phase (the temporary agent included), so one clinic covers them all.
describe('a failure in any phase before the old token is deleted leaves the clinic on its old, working token', () => {
  let clinic: SandboxClinic;
  beforeAll(async () => {
    clinic = await onboardSandboxClinic({ pooled: true });
  }, 90_000);
  afterAll(() => clinic?.close());

  it.each(['rotate.credential', 'rotate.overlap', 'rotate.push', 'rotate.overlap-end'])(
    'failure after %s → rolled back, nothing orphaned',
    async (phase) => {
      const outcome = await rotateClinic(clinic.deps(), {
        clinic: 'clinic1',
        listener: () => {},
        signal: new AbortController().signal,
        flows: { forward: failingAfter(phase), rollback: rollbackFlow },
      });
      expect(outcome).toMatchObject({
        result: 'rolled_back',
        old_credential: clinic.oldCredentialId,
        new_credential: null,
        error: { message: `injected failure after ${phase}` },
      });
      const state = clinic.emulator.state;
      expect(state.credentials.all().map((c) => c.id)).toEqual([clinic.oldCredentialId]);
      const sessions = state.tunnelSessions.all();
      expect(sessions).toHaveLength(1);
      expect(sessions[0]!.credential).toMatchObject({ id: clinic.oldCredentialId });
      expect(servedUrls(clinic.emulator)).toEqual(new Set(clinic.urls));
      const config = parse(hostFile(clinic, clinic.spec.host.config_path));
      expect(config.agent.authtoken).toBe(clinic.oldToken);
      const temporaryConfig = join(
        clinic.sandbox.root,
        dirname(clinic.spec.host.config_path),
        '.clinic-tui-rotate.yml',
      );
      expect(existsSync(temporaryConfig)).toBe(false);
      expect(clinic.audit.filter((e) => e.result === 'failed').map((e) => e.action)).toContain(phase);
      expect(hostArgv(clinic)).not.toContain(clinic.oldToken);
    },
    90_000,
  );
});

describe('Ctrl+C once the old token is deleted', () => {
  let clinic: SandboxClinic;
  beforeAll(async () => {
    clinic = await onboardSandboxClinic({ pooled: false });
  }, 90_000);
  afterAll(() => clinic?.close());

  it('is not rolled back: the clinic keeps the new token, the only one that still works', async () => {
    const interrupt = new AbortController();
    // Ctrl+C pressed just as the revoke phase deleted the old credential.
    const interrupted: Flow<RotateCtx> = {
      ...rotateFlow,
      steps: rotateFlow.steps.map((step) =>
        step.id !== 'rotate.revoke'
          ? step
          : {
              ...step,
              apply: async (ctx, io, planned) => {
                await step.apply(ctx, io, planned);
                interrupt.abort();
              },
            },
      ),
    };
    const outcome = await rotateClinic(clinic.deps(), {
      clinic: 'clinic1',
      listener: () => {},
      signal: interrupt.signal,
      flows: { forward: interrupted, rollback: rollbackFlow },
    });
    expect(outcome.result).toBe('failed');
    expect(outcome.error?.message).toContain(`old one (${clinic.oldCredentialId}) is deleted`);
    const state = clinic.emulator.state;
    expect(state.credentials.all().map((c) => c.id)).toEqual([outcome.new_credential]);
    const config = parse(hostFile(clinic, clinic.spec.host.config_path));
    expect(config.agent.authtoken).not.toBe(clinic.oldToken);
  }, 90_000);
});
