import type { Duplex } from 'node:stream';

/**
 * Opens one byte stream to the upstream behind internal endpoint `internalUrl` for a client at `clientAddress`;
 * rejects when no online agent serves it. The emulator passes openAgentStream; tests pass a fake.
 */
export type UpstreamOpener = (internalUrl: string, clientAddress: string) => Promise<Duplex>;
