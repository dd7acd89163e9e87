import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guidePreset, type SpecDraft } from '../../flows/questions/presets.js';
import { seedFleet } from '../sandbox/emulator/seed.js';
import { type Emulator, startEmulator } from '../sandbox/emulator/server.js';
import { type SandboxHost, startSandboxHost } from '../sandbox/host/server.js';
import { claimDemoFolder, removeDeadDemos } from './demo-leftovers.js';

/** Everything the demo runs against: the API emulator, one sandbox clinic host, and a throwaway state dir. */
export interface DemoSandbox {
  emulator: Emulator;
  host: SandboxHost;
  apiKey: string;
  /** A known_hosts file trusting only the sandbox host, for this demo only. */
  knownHostsPath: string;
  /**
   * The demo's one temp folder: audit log, fleet memory and the sandbox host's files, so sandbox clinics never
   * mix with real ones and one removal leaves nothing behind.
   */
  stateDir: string;
  /** Clinics already in the sandbox account before onboarding (some online, one offline). */
  seededClinics: string[];
  close(): Promise<void>;
}

/**
 * The clinics the sandbox account has before the demo onboards the guide's clinic (clinic1): clinic2…clinic4, the
 * last one offline.
 */
const seeded = { clinics: 3, offline: 1, firstNumber: 2 };

/** Starts the emulator (with a few clinics already onboarded) and a sandbox clinic host wired to it. */
export async function startDemoSandbox(): Promise<DemoSandbox> {
  removeDeadDemos();
  const stateDir = mkdtempSync(join(tmpdir(), 'clinic-tui-demo-'));
  claimDemoFolder(stateDir);
  const emulator = await startEmulator();
  const apiKey = emulator.createApiKey();
  const seededClinics = seedFleet(emulator, seeded).map((clinic) => clinic.clinic);
  const hostRoot = join(stateDir, 'host');
  mkdirSync(hostRoot);
  const host = await startSandboxHost({ connectUrl: emulator.url, root: hostRoot }).catch(
    async (error: unknown) => {
      await emulator.close();
      rmSync(stateDir, { recursive: true, force: true });
      throw error;
    },
  );
  const knownHostsPath = join(stateDir, 'known_hosts');
  writeFileSync(knownHostsPath, `${host.hostPublicKey}\n`, { mode: 0o600 });
  return {
    emulator,
    host,
    apiKey,
    knownHostsPath,
    stateDir,
    seededClinics,
    async close() {
      await Promise.allSettled([host.close(), emulator.close()]);
      rmSync(stateDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    },
  };
}

/**
 * The guide's clinic (assets/examples/clinic1.yml, id clinic1, which the seeded clinics leave free) pointed at the
 * sandbox host's address, port and user.
 */
export async function demoPrefill(sandbox: DemoSandbox): Promise<SpecDraft> {
  const guide = await guidePreset();
  return {
    ...guide,
    host: {
      address: '127.0.0.1',
      port: sandbox.host.port,
      user: sandbox.host.user,
      config_path: '/etc/ngrok/ngrok.yml',
    },
  };
}
