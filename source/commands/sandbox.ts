import { type Command, InvalidArgumentError } from 'commander';

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
  sandbox
    .command('api')
    .description('Run the ngrok API emulator on 127.0.0.1 and print its URL (use it as NGROK_API_URL)')
    .option('--port <n>', 'port to listen on (0 picks a free one)', parseCount('--port', 65535), 0)
    .option('--api-key <key>', 'accept only this API key (default: any non-empty key)', parseApiKey)
    .option(
      '--rate-limit <n>',
      'requests per rolling minute, as ngrok: 120; 0 turns it off',
      parseCount('--rate-limit', 1_000_000),
      120,
    )
    .action(async (options: { port: number; apiKey?: string; rateLimit: number }) => {
      const { startEmulator } = await import('../sandbox/emulator/server.js');
      const emulator = await startEmulator({
        port: options.port,
        apiKey: options.apiKey,
        rateLimit: options.rateLimit,
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
