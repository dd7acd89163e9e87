import { type Command, Option } from 'commander';
import { ExitCode, UserError } from '../errors.js';
import { checkApiEnvironment } from '../ngrok/api-env.js';
import type { ProbeCredentials } from '../probe/endpoint-probes.js';
import type { PublicEndpoint } from '../probe/run.js';
import { noView, runCommand } from './command-run.js';
import { addHelpSections, apiEnvironment } from './help.js';
import { probeFailure, withJsonFailure } from './json-failure.js';
import { chooseOutputMode } from './output-mode.js';
import { checkClinicIdArg, checkStateDir } from './preflight.js';
import { checkSandboxEdge, dialerFromEnv } from './stranger-probes.js';

interface VerifyFlags {
  json?: boolean;
  headerFile?: string;
  tokenFile?: string;
  askCredential?: boolean;
}

/** `clinic-tui verify <id>`: probes each public endpoint of a clinic from this laptop, as a stranger would. */
export function registerVerify(program: Command): void {
  const command = program
    .command('verify')
    .description("prove from outside that a clinic's public endpoints refuse strangers")
    .argument('<clinic-id>', 'the clinic whose public endpoints to probe')
    .option('--json', 'print one JSON object per probe, then the summary object')
    .option('--header-file <file>', "the required header's value, for one authorised request (never stored)")
    .option('--token-file <file>', 'a valid JWT, for one authorised request (never stored)')
    .addOption(
      new Option('--ask-credential', 'on a terminal: ask for the header value and token, hidden').conflicts(
        'json',
      ),
    );
  addHelpSections(command, {
    notes: [
      'At most 4 stranger probes and one authorised request per endpoint, each bounded (5 s), only to the',
      "clinic's own public URLs. Credentials are read from files or a prompt, never from the command line.",
    ],
    examples: [
      ['clinic-tui verify clinic1', 'one line per probe: ✓ refused, ✗ let in, ? not provable'],
      [
        'clinic-tui verify clinic1 --header-file hdr.txt --token-file jwt.txt',
        'also prove the right credential gets in',
      ],
      ['clinic-tui verify clinic1 --json'],
    ],
    environment: [
      ...apiEnvironment,
      ['CLINIC_TUI_SANDBOX_EDGE', 'probe through the sandbox edge at this URL instead of the internet'],
    ],
    exitCodes: [
      [0, 'no stranger got in (lines marked ? proved nothing either way)'],
      [1, 'a probe could not run (and nobody got in)'],
      [2, 'bad input (clinic id, credential file); nothing was probed'],
      [3, 'some endpoint lets a stranger in'],
      [130, 'interrupted'],
    ],
  }).action(
    withJsonFailure(probeFailure, async (report, clinicId: string, flags: VerifyFlags) => {
      checkClinicIdArg(clinicId);
      report.clinic(clinicId);
      const { readCredentialFile } = await import('../probe/credential-file.js');
      const credentials: ProbeCredentials = {
        ...(flags.headerFile ? { header: await readCredentialFile(flags.headerFile, '--header-file') } : {}),
        ...(flags.tokenFile ? { token: await readCredentialFile(flags.tokenFile, '--token-file') } : {}),
      };
      if (flags.askCredential && !chooseOutputMode(flags).interactive) {
        throw new UserError(
          '--ask-credential needs a terminal to ask on.',
          'Use --header-file or --token-file.',
        );
      }
      checkSandboxEdge(process.env.CLINIC_TUI_SANDBOX_EDGE);
      checkApiEnvironment();
      await checkStateDir();
      process.exitCode = await runVerify(clinicId, flags, credentials);
    }),
  );
}

async function runVerify(
  clinicId: string,
  flags: VerifyFlags,
  credentials: ProbeCredentials,
): Promise<number> {
  const [{ apiClientFromEnv }, { clinicEndpoints }, { runStrangerProbes }, lines, results] =
    await Promise.all([
      import('../ngrok/key.js'),
      import('../probe/clinic-endpoints.js'),
      import('../probe/run.js'),
      import('../ui/verify-lines.js'),
      import('../store/probe-results.js'),
    ]);
  const print = (text: string) => process.stdout.write(`${text}\n`);
  return runCommand(
    {
      api: (signal, onRateLimitWait) => apiClientFromEnv(process.env, { signal, onRateLimitWait }),
      open: noView,
    },
    async (run) => {
      const endpoints = await clinicEndpoints(run.api, clinicId);
      if (flags.askCredential)
        Object.assign(credentials, await askCredentials(credentials, endpoints, run.signal));
      const { summary } = await runStrangerProbes({
        clinic: clinicId,
        endpoints,
        dialer: await dialerFromEnv(),
        signal: run.signal,
        credentials,
        onLine: (line) =>
          print(flags.json ? JSON.stringify(lines.probeJson(line)) : lines.formatProbeLine(line)),
      });
      await results.saveProbeResult(clinicId, summary);
      if (flags.json) print(JSON.stringify(lines.summaryJson(clinicId, summary)));
      else for (const text of lines.formatVerdictLines(clinicId, summary)) print(text);
      const verdicts = summary.endpoints.map((endpoint) => endpoint.verdict);
      const exitCode = verdicts.includes('open')
        ? ExitCode.unhealthy
        : verdicts.includes('failed')
          ? ExitCode.external
          : ExitCode.ok;
      return { exitCode, succeeded: exitCode === ExitCode.ok, clinic: clinicId };
    },
  );
}

/**
 * Hidden prompts for what the endpoints check and the files did not give; an empty answer skips that one. The run's
 * signal (a SIGINT from another process) ends a prompt as a typed Ctrl+C does.
 */
async function askCredentials(
  given: ProbeCredentials,
  endpoints: PublicEndpoint[],
  signal: AbortSignal,
): Promise<ProbeCredentials> {
  const [{ password }, { prompting }, { neededCredentials }, { credentialProblem }] = await Promise.all([
    import('@inquirer/prompts'),
    import('../ui/plain/asker.js'),
    import('../probe/plan.js'),
    import('../probe/credential-file.js'),
  ]);
  const needed = neededCredentials(endpoints);
  // An empty answer skips; anything a header cannot carry is refused at the prompt, before any probe.
  const validate = (value: string) => value === '' || (credentialProblem(value) ?? true);
  const ask = async (message: string) => {
    const value = await prompting(() => password({ message, mask: '•', validate }, { signal }));
    return value ? { value, from: 'the prompt' } : undefined;
  };
  const header =
    given.header ??
    (needed.header
      ? await ask(`${needed.header} header value for one authorised request (Enter to skip)`)
      : undefined);
  const token =
    given.token ?? (needed.token ? await ask('JWT for one authorised request (Enter to skip)') : undefined);
  return { ...(header ? { header } : {}), ...(token ? { token } : {}) };
}
