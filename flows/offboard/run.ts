import type { HostOpener } from '../../source/host/clinic-host.js';
import type { NgrokClient } from '../../source/ngrok/client.js';
import { type CheckpointStore, checkpointKey } from '../../source/store/checkpoints.js';
import { auditingListener } from '../audit.js';
import { changeLists } from '../change-lists.js';
import { HostSessions } from '../host-sessions.js';
import { AccountView } from '../onboard/account.js';
import type { FlowPresenter, FlowSummary } from '../presenter.js';
import { type FlowRunResult, runFlow, type StepPlan } from '../runner.js';
import type { OffboardCtx } from './context.js';
import { offboardFlow } from './flow.js';

export interface OffboardOptions {
  clinicId: string;
  api: NgrokClient;
  openHost: HostOpener;
  presenter: FlowPresenter;
  signal: AbortSignal;
  /** Asked after the plan is shown; resolves true to go ahead (e.g. the technician typed the clinic id). */
  confirm: (plans: StepPlan[]) => Promise<boolean>;
  identityFile?: string;
  checkpoints?: CheckpointStore;
  audit?: Parameters<typeof auditingListener>[3];
}

/** Runs offboarding for one clinic and returns the summary (already shown). */
export async function runOffboarding(
  options: OffboardOptions,
): Promise<{ summary: FlowSummary; result: FlowRunResult }> {
  const { clinicId, presenter } = options;
  const ctx: OffboardCtx = {
    clinicId,
    api: options.api,
    account: new AccountView(options.api, clinicId),
    hosts: new HostSessions(options.openHost, options.signal, clinicId),
    ...(options.identityFile ? { identityFile: options.identityFile } : {}),
  };
  try {
    const result = await runFlow(offboardFlow, ctx, {
      listener: auditingListener(presenter.listener, clinicId, 'offboard', options.audit),
      signal: options.signal,
      mode: 'apply',
      confirm: options.confirm,
      ...(options.checkpoints
        ? {
            checkpoint: {
              store: options.checkpoints,
              key: checkpointKey(clinicId, 'offboard'),
              fingerprint: clinicId,
            },
          }
        : {}),
    });
    const lists = changeLists(result.changes.map((entry) => entry.change));
    const deleted = lists.deleted;
    const summary: FlowSummary = {
      clinic: clinicId,
      result: result.ok ? 'converged' : 'failed',
      ...lists,
      reused: [],
      publicUrls: [],
      dnsRecords: [],
      nextSteps: result.ok
        ? [`Deleted ${deleted.length} resources; the shared wildcard domain is kept for the other clinics.`]
        : result.declined
          ? ['Nothing was changed.']
          : ['Fix the problem above and run the same command again; it continues with what is left.'],
      ...(result.failure
        ? {
            error: {
              message: result.failure.message,
              ...(result.failure.hint ? { hint: result.failure.hint } : {}),
            },
          }
        : {}),
    };
    await presenter.finish(summary);
    return { summary, result };
  } finally {
    await ctx.hosts.closeAll();
  }
}
