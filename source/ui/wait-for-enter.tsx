import { render, Text, useApp, useInput } from 'ink';

function PressEnter({ message }: { message: string }) {
  const { exit } = useApp();
  useInput((input, key) => {
    if (key.return || input === 'q' || (key.ctrl && input === 'c')) exit();
  });
  return <Text bold>{message}</Text>;
}

/** Shows one line and waits for Enter, so a person can read what is on the screen before it is replaced. */
export async function waitForEnter(message: string): Promise<void> {
  const instance = render(<PressEnter message={message} />, { exitOnCtrlC: false, patchConsole: false });
  await instance.waitUntilExit();
  process.stdout.write('\n');
}
