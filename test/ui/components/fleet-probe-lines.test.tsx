import { cleanup, render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { computeFleetHealth, emptyMemory } from '../../../source/fleet/health.js';
import type { ClinicProbeResult } from '../../../source/store/probe-results.js';
import { ProbeLines } from '../../../source/ui/fleet/ProbeLines.js';
import { buildSnapshot } from '../../helpers/fleet-fixtures.js';
import { visible } from '../../helpers/render.js';

afterEach(cleanup);

const now = new Date('2026-11-27T02:00:00Z');
const probedAt = '2026-11-27T00:00:00Z';

/** c1's probe section, its rest-api cloud endpoint deleted since a probe of these endpoints. */
function section(endpoints: ClinicProbeResult['endpoints']): string[] {
  const [clinic] = computeFleetHealth(
    buildSnapshot([{ id: 'c1', missingCloud: ['rest-api'] }]),
    emptyMemory(),
    now,
    { c1: { at: probedAt, endpoints } },
  ).clinics;
  if (!clinic) throw new Error('no clinic');
  return visible(render(<ProbeLines clinic={clinic} />).lastFrame()).split('\n');
}

const restApi = {
  url: 'https://api-c1.clinic-network.com',
  name: 'rest-api',
  verdict: 'open',
  detail: 'a stranger got 200 OK',
} as const;

describe('ProbeLines', () => {
  it('marks a verdict on a URL the clinic no longer has as gone, after the ones that still count', () => {
    expect(
      section([
        restApi,
        { url: 'tls://patientdb-c1.clinic-network.com', verdict: 'refused', detail: 'closed' },
      ]),
    ).toEqual([
      'Stranger probes (from this laptop, 2026-11-27 00:00Z)',
      '  refused      tls://patientdb-c1.clinic-network.com — closed',
      '  gone         https://api-c1.clinic-network.com (rest-api) — was OPEN; since deleted or moved',
    ]);
  });

  it('a probe whose every URL is gone asks for a new one, and still shows what it found', () => {
    expect(section([restApi])).toEqual([
      'Stranger probes (from this laptop, 2026-11-27 00:00Z)',
      '  none of its current public endpoints probed from this laptop — run clinic-tui verify c1',
      '  gone         https://api-c1.clinic-network.com (rest-api) — was OPEN; since deleted or moved',
    ]);
  });
});
