import type { Command } from 'commander';

/** The SSH trust and login flags every command that reaches a clinic host takes. */
export interface HostFlags {
  acceptNewHostKey?: boolean;
  knownHosts?: string;
  identity?: string;
}

/** Adds --accept-new-host-key, --known-hosts and --identity, worded the same for every host command. */
export function addHostOptions(command: Command): Command {
  return command
    .option('--accept-new-host-key', 'trust and record an unknown host key (a changed key is always refused)')
    .option('--known-hosts <file>', 'the known_hosts file to check and record host keys in')
    .option('--identity <file>', 'the SSH private key for the clinic host (remembered on this laptop)');
}

/** The host-key trust the flags ask for, in the shape the SSH adapters take. */
export function hostTrust(flags: HostFlags): { knownHostsPath?: string; acceptNewHostKey?: boolean } {
  return {
    ...(flags.knownHosts ? { knownHostsPath: flags.knownHosts } : {}),
    ...(flags.acceptNewHostKey ? { acceptNewHostKey: true } : {}),
  };
}
