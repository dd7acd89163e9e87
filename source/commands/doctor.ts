import type { Command } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { hostAddressProblem } from '../spec/field-values.js';
import { absoluteFilePath } from '../spec/patterns.js';
import { writeJsonDocument } from '../ui/json-document.js';
import { noView, runCommand } from './command-run.js';
import { addHelpSections } from './help.js';
import { checkHostFlags, checkSpecKeyFiles, type HostFlags, hostTrust } from './host-options.js';
import { canAsk, chooseOutputMode } from './output-mode.js';

interface DoctorFlags extends HostFlags {
  answers?: string;
  host?: string;
  config?: string;
  json?: boolean;
}

const defaultConfigPath = '/etc/ngrok/ngrok.yml';

/** `clinic-tui doctor`: checks a clinic host (SSH, host key, root, ngrok, config, service, logs) and says what to fix. */
export function registerDoctor(program: Command): void {
  const command = program
    .command('doctor')
    .description('check a clinic host: SSH, host key, root access, ngrok, config, service and its log')
    .option('--answers <file>', 'the clinic answers file (its host section says where to connect)')
    .option('--host <user@addr[:port]>', 'the host to check, or a Host alias from ~/.ssh/config')
    .option(
      '--config <path>',
      `the agent config on the host (default: the answers file's, or ${defaultConfigPath})`,
    )
    .option('--json', 'print the checks as JSON')
    .option('--known-hosts <file>', 'the known_hosts file to check and record host keys in')
    .option('--accept-new-host-key', 'trust and record an unknown host key (a changed key is always refused)')
    .option('--identity <file>', 'the SSH private key to log in with');
  addHelpSections(command, {
    examples: [
      ['clinic-tui doctor --answers clinic1.yml'],
      ['clinic-tui doctor --host technician@10.20.0.5 --config /etc/ngrok/ngrok.yml --json'],
    ],
    environment: [
      [
        'SSH_AUTH_SOCK',
        'the ssh-agent to log in with: tried after the named key (--identity, IdentityFile) and before default key files; under IdentitiesOnly yes only its key for the named identity',
      ],
      ['USER', 'the login user when --host and ~/.ssh/config name none'],
    ],
    exitCodes: [
      [0, 'every check passed'],
      [1, 'a check failed (each says what to fix)'],
      [2, 'bad input'],
    ],
  }).action(async (flags: DoctorFlags) => {
    if (flags.host !== undefined) checkHostArg(flags.host);
    if (Boolean(flags.answers) === Boolean(flags.host)) {
      throw new UserError('Give --answers FILE or --host user@addr[:port] (one of them).');
    }
    if (flags.config !== undefined && !absoluteFilePath.test(flags.config)) {
      throw new UserError(
        `--config ${flags.config || '""'} is not an absolute file path.`,
        `Give the agent config's path on the host, such as ${defaultConfigPath}.`,
      );
    }
    await checkHostFlags(flags);
    const [{ runDoctor }, { formatDoctorReport }, target] = await Promise.all([
      import('../host/doctor.js'),
      import('../host/doctor-report.js'),
      import('../host/target.js'),
    ]);
    let hostTarget: Awaited<ReturnType<typeof target.parseHostArg>>;
    let configPath = flags.config ?? defaultConfigPath;
    if (flags.answers) {
      const { loadAnswersFile } = await import('../spec/load.js');
      const spec = await loadAnswersFile(flags.answers);
      await checkSpecKeyFiles(spec);
      hostTarget = await target.resolveSpecTarget(spec.host);
      configPath = flags.config ?? spec.host.config_path;
    } else {
      hostTarget = await target.parseHostArg(flags.host!);
    }
    if (flags.identity) hostTarget.identityFile = target.expandHome(flags.identity);
    // Doctor reads the host only: no API client, no remembered key to settle.
    process.exitCode = await runCommand({ api: () => undefined, open: noView }, async (run) => {
      const prompter = canAsk(chooseOutputMode(flags))
        ? (await import('../ui/plain/host-prompter.js')).plainHostPrompter(run.signal)
        : (await import('../host/headless-prompter.js')).headlessPrompter;
      const checks = await runDoctor({
        target: hostTarget,
        configPath,
        prompter,
        acceptNewHostKey: false,
        ...hostTrust(flags),
        signal: run.signal,
      });
      const ok = checks.every((check) => check.status === 'ok');
      if (flags.json) writeJsonDocument({ ok, checks });
      else process.stdout.write(formatDoctorReport(checks));
      return { exitCode: ok ? ExitCode.ok : ExitCode.external, succeeded: ok };
    });
  });
}

/**
 * `--host user@address[:port]` or an alias: the address part must be a host name, an IP address or an alias, the
 * same rule as an answers file's host.address, so `tech@1.2.3.4;id` is bad input (exit 2), not a lookup that fails.
 */
function checkHostArg(arg: string): void {
  const match = /^(?:([^@]*)@)?(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(arg.trim());
  const address = match?.[2]?.replace(/^\[|\]$/g, '') ?? '';
  const userProblem = match?.[1] !== undefined && !/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(match[1]);
  const problem = !match
    ? 'is not user@address[:port]'
    : userProblem
      ? 'has a user name that is not one'
      : hostAddressProblem(address);
  if (problem) {
    throw new UserError(
      `--host "${arg}" ${problem}.`,
      'Give user@address[:port] (such as technician@10.20.0.5:22) or a Host alias from ~/.ssh/config.',
    );
  }
}
