import { type ConfigOwner, configOwner, describeOwner } from '../clinic-record/agent-metadata.js';
import { UserError } from '../errors.js';
import type { InstalledService } from './init-system.js';

/**
 * What a ClinicHost is about to do as root: `push` the clinic's ngrok.yml (onboarding; the file may not exist
 * yet), `update` it or its service (rotation, the service step), or `remove` them (offboarding).
 */
export type HostAction = 'push' | 'update' | 'remove';

/** Who is asking, and whether onboarding may replace another clinic (--take-over-host). */
export interface OwnershipRules {
  clinic: string;
  /** user@address[:port], for messages. */
  where: string;
  takeOver: boolean;
  /** Reads a root-only file on the host; undefined when it does not exist. */
  read(path: string): Promise<string | undefined>;
}

const takeOverFlag = '--take-over-host';

/**
 * Refuses (UserError; nothing was changed) unless the file at path is this clinic's ngrok.yml: its
 * agent.metadata names the clinic. A missing file is fine to push (first onboarding) and to remove (a rerun);
 * onboarding with --take-over-host may replace another clinic's (or an unnamed) agent config, never another file.
 * Returns what a take-over replaces, for the plan.
 */
export async function checkConfigFile(
  rules: OwnershipRules,
  path: string,
  action: HostAction,
): Promise<string | undefined> {
  const owner = configOwner(await rules.read(path));
  if (owner.kind === 'missing' && action !== 'update') return undefined;
  return judge(rules, owner, action, `${path} on ${rules.where} ${describeOwner(owner)}`);
}

/**
 * Refuses unless the installed ngrok service runs this clinic's ngrok.yml, or none: the service is the host's one
 * agent, so reinstalling or uninstalling it when it runs another file acts on whoever that file belongs to.
 */
export async function checkService(
  rules: OwnershipRules,
  installed: InstalledService,
  action: HostAction,
): Promise<string | undefined> {
  if (installed.state === 'not-installed') return undefined;
  if (installed.configPath === undefined) {
    const what = `the ngrok service on ${rules.where} runs a config clinic-tui cannot find in its definition`;
    return judge(rules, { kind: 'unnamed' }, action, what);
  }
  const owner = configOwner(await rules.read(installed.configPath));
  // Installed for a file that is gone: pushing or restarting ours puts our file under it; removing it is not
  // ours to decide, since nothing says whose it was.
  if (owner.kind === 'missing' && action !== 'remove') return undefined;
  const what = `the ngrok service on ${rules.where} runs ${installed.configPath}, which ${describeOwner(owner)}`;
  return judge(rules, owner, action, what);
}

function judge(
  rules: OwnershipRules,
  owner: ConfigOwner,
  action: HostAction,
  what: string,
): string | undefined {
  if (owner.kind === 'clinic' && owner.clinic === rules.clinic) return undefined;
  const replaceable = owner.kind === 'clinic' || owner.kind === 'unnamed';
  if (replaceable && rules.takeOver && action !== 'remove') return `taking over: ${what}`;
  throw new UserError(
    `${what}; clinic-tui acts only on ${rules.clinic}'s own ngrok.yml.`,
    hint(owner, action),
  );
}

function hint(owner: ConfigOwner, action: HostAction): string {
  const nothing = 'Nothing was changed on the host.';
  if (action === 'push' && owner.kind !== 'not-agent-config') {
    return `${nothing} If this host should serve the clinic instead, run onboard again with ${takeOverFlag}.`;
  }
  if (action === 'push') return `${nothing} Check host.config_path in the answers.`;
  return (
    `${nothing} The host and path come from the clinic record in the ngrok account, which anyone with the API ` +
    'key can edit: check where the clinic really lives before running this again.'
  );
}
