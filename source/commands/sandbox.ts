import { type Command, InvalidArgumentError } from 'commander';
import { UserError } from '../errors.js';
import { addHelpSections } from './help.js';

function parseCount(what: string, max: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value) || number > max)
      throw new InvalidArgumentError(`${what} must be a whole number from 0 to ${max}.`);
    return number;
  };
}

function parseApiKey(value: string): string {
  if (!/^[\x21-\x7e]+$/.test(value))
    throw new InvalidArgumentError('give a key of letters, digits and punctuation, with no spaces.');
  return value;
}

/** `clinic-tui sandbox api`: runs the ngrok API emulator alone until Ctrl+C. */
export function registerSandbox(program: Command): void {
  const sandbox =
    program.commands.find((command) => command.name() === 'sandbox') ??
    program.command('sandbox').description('Run parts of the built-in sandbox on their own');
  addHelpSections(sandbox, {
    examples: [
      ['clinic-tui sandbox up', 'everything the demo runs, kept up for trying each command by hand'],
      ['clinic-tui sandbox api --port 4040', 'the ngrok API emulator alone'],
    ],
    exitCodes: [
      [0, 'stopped with Ctrl+C'],
      [2, 'bad input'],
    ],
  });
  registerSandboxUp(sandbox);
  const api = sandbox
    .command('api')
    .description('Run the ngrok API emulator on 127.0.0.1 and print its URL (use it as NGROK_API_URL)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parseCount('--port', 65535), 0)
    .option('--api-key <key>', 'accept only this API key (default: any non-empty key)', parseApiKey)
    .option(
      '--rate-limit <n>',
      'requests per rolling minute, as ngrok: 120; 0 turns it off',
      parseCount('--rate-limit', 1_000_000),
      120,
    );
  addHelpSections(api, {
    examples: [
      ['clinic-tui sandbox api', 'on a free port; prints `export NGROK_API_URL=…`'],
      ['clinic-tui sandbox api --port 4040 --api-key test-key --rate-limit 0'],
    ],
    exitCodes: [
      [0, 'stopped with Ctrl+C'],
      [2, 'bad input (--port, --api-key, --rate-limit)'],
    ],
  }).action(async (options: { port: number; apiKey?: string; rateLimit: number }) => {
    const { startEmulator } = await import('../sandbox/emulator/server.js');
    const emulator = await startEmulator({
      port: options.port,
      apiKey: options.apiKey,
      rateLimit: options.rateLimit,
    }).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      throw new UserError(
        `Port ${options.port} on 127.0.0.1 is already in use.`,
        'Pick another with --port, or --port 0 for a free one.',
      );
    });
    process.stdout.write(`ngrok API emulator listening on ${emulator.url}\n`);
    process.stdout.write(`export NGROK_API_URL=${emulator.url}\n`);
    process.stdout.write('Press Ctrl+C to stop.\n');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await emulator.close();
  });
}

/**
 * `clinic-tui sandbox up`: the demo's whole sandbox (API emulator with clinics already onboarded, a sandbox clinic
 * host, a throwaway state directory) kept running, with the environment lines to paste into another shell, so
 * `onboard`, `fleet`, `rotate`, `offboard` and `doctor` can each be tried by hand. Ctrl+C stops and removes it all.
 */
function registerSandboxUp(sandbox: Command): void {
  const up = sandbox
    .command('up')
    .description('Run the whole sandbox (API emulator, clinic host) until Ctrl+C and print how to use it');
  addHelpSections(up, {
    notes: [
      'Nothing real is touched: the ngrok API, the clinic host and the ngrok agent are simulations on 127.0.0.1,',
      'removed with their state directory when the sandbox stops.',
    ],
    examples: [['clinic-tui sandbox up', 'then paste the printed export lines into another shell']],
    exitCodes: [[0, 'stopped with Ctrl+C (or SIGTERM, SIGHUP); everything is removed']],
  }).action(async () => {
    const [{ startDemoSandbox, demoPrefill }, { writeFileSync }, { join }] = await Promise.all([
      import('./demo-sandbox.js'),
      import('node:fs'),
      import('node:path'),
    ]);
    const running = await startDemoSandbox();
    // An answers file may be JSON; this one is the demo's clinic, pointed at the sandbox host with its key.
    const answersPath = join(running.stateDir, 'clinic1.json');
    const answers = await demoPrefill(running);
    writeFileSync(
      answersPath,
      JSON.stringify(
        { ...answers, host: { ...answers.host, identity_file: running.host.clientKeyPath } },
        null,
        2,
      ),
      { mode: 0o600 },
    );
    const trust = `--known-hosts ${running.knownHostsPath}`;
    process.stdout.write(
      [
        'SANDBOX running: an ngrok API emulator and a clinic host on 127.0.0.1 (nothing real is touched).',
        'Paste into another shell:',
        `  export NGROK_API_URL=${running.emulator.url}`,
        `  export NGROK_API_KEY=${running.apiKey}   # the sandbox's own key, not an ngrok one`,
        `  export CLINIC_TUI_HOME=${running.stateDir}`,
        `  export CLINIC_TUI_SANDBOX_EDGE=${running.emulator.url}   # verify probes the sandbox's edge`,
        'Then try:',
        `  clinic-tui onboard --answers ${answersPath} ${trust}`,
        '  clinic-tui fleet',
        '  clinic-tui verify clinic1',
        `  clinic-tui rotate clinic1 ${trust}`,
        `  clinic-tui doctor --answers ${answersPath} ${trust}`,
        `  clinic-tui offboard clinic1 ${trust}`,
        'Press Ctrl+C to stop; everything above is removed.',
        '',
      ].join('\n'),
    );
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
      process.once('SIGHUP', resolve);
    });
    await running.close();
  });
}
