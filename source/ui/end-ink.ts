import type { Instance } from 'ink';

/**
 * Unmounts an Ink tree and ends its last line. Ink leaves the cursor after the last frame's final character, so
 * whatever is written next (the next screen, the shell prompt) would otherwise start on that same line.
 */
export async function endInk(instance: Instance, stdout: NodeJS.WriteStream = process.stdout): Promise<void> {
  instance.unmount();
  await instance.waitUntilExit();
  stdout.write('\n');
}
