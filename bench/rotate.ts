/**
 * Benchmark (not a test): one authtoken rotation of the guide's clinic in the sandbox, pooled and not pooled.
 * Reports the gap (the longest time any internal endpoint had zero agent sessions serving it, from the
 * emulator's own endpoint store, exact rather than sampled), the gap the flow itself observed through the API,
 * the API requests the rotation made, and the ngrok service restarts on the host. Goal: gap 0 with pooling,
 * at most one service restart. Run: npx tsx bench/rotate.ts
 */
import { pathToFileURL } from 'node:url';
import { rotateClinic } from '../flows/rotate/run.js';
import { onboardSandboxClinic, watchGaps } from '../test/flows/rotate-fixture.js';

/** Rotates one sandbox clinic and returns the figures. */
export async function benchRotate(pooled: boolean) {
  const clinic = await onboardSandboxClinic({ pooled });
  try {
    const restartsBefore = clinic.sandbox.argvLog().filter((line) => line.includes('service restart')).length;
    const requestsBefore = clinic.client.requestCount;
    const gaps = watchGaps(clinic.emulator, clinic.urls);
    const started = performance.now();
    const outcome = await rotateClinic(clinic.deps({ timing: { onlineTimeoutMs: 60_000, pollMs: 250 } }), {
      clinic: 'clinic1',
      listener: () => {},
      signal: new AbortController().signal,
    });
    gaps.stop();
    return {
      pooled,
      result: outcome.result,
      gapMsEmulator: gaps.longestGapMs(),
      gapMsObserved: outcome.gap_ms,
      apiRequests: clinic.client.requestCount - requestsBefore,
      serviceRestarts:
        clinic.sandbox.argvLog().filter((line) => line.includes('service restart')).length - restartsBefore,
      wallMs: Math.round(performance.now() - started),
    };
  } finally {
    await clinic.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const pooled of [false, true]) console.log(JSON.stringify(await benchRotate(pooled)));
}
