import { Text } from 'ink';
import { shortTime } from '../../fleet/time-text.js';
import type { ClinicHealth } from '../../fleet/types.js';
import type { EndpointProbeResult, ProbeVerdict } from '../../store/probe-results.js';
import { Tint } from '../theme.js';

/** Each verdict's word and colour; the word alone carries the meaning (NO_COLOR), OPEN in capitals like DOWN. */
const verdictLook: Record<ProbeVerdict, [string, string]> = {
  refused: ['refused', 'green'],
  open: ['OPEN', 'red'],
  'not-provable': ['not provable', 'yellow'],
  failed: ['failed', 'yellow'],
};

/**
 * A clinic's last stranger probe in the detail view: when, and one line per public endpoint probed. Verdicts on
 * URLs the clinic no longer has follow, dimmed and marked, so a person sees why an OPEN they saw has left the row.
 */
export function ProbeLines({ clinic }: { clinic: ClinicHealth }) {
  const { probe, goneProbe } = clinic;
  const at = (probe ?? goneProbe)?.at;
  return (
    <>
      <Tint bold>{at ? `Stranger probes (from this laptop, ${shortTime(at)})` : 'Stranger probes'}</Tint>
      {probe ? null : (
        <Text wrap="truncate">
          {`  ${goneProbe ? 'none of its current public endpoints' : 'never'} probed from this laptop — run clinic-tui verify ${clinic.id}`}
        </Text>
      )}
      {probe?.endpoints.length === 0 ? <Text>{'  no public endpoint to probe'}</Text> : null}
      {probe?.endpoints.map((endpoint) => (
        <VerdictLine key={endpoint.url} endpoint={endpoint} />
      ))}
      {goneProbe?.endpoints.map((endpoint) => (
        <Tint key={endpoint.url} dimColor wrap="truncate">
          {`  ${'gone'.padEnd(13)}${endpoint.url}${endpoint.name ? ` (${endpoint.name})` : ''} — was ${verdictLook[endpoint.verdict][0]}; since deleted or moved`}
        </Tint>
      ))}
    </>
  );
}

function VerdictLine({ endpoint }: { endpoint: EndpointProbeResult }) {
  const [word, color] = verdictLook[endpoint.verdict];
  return (
    <Text wrap="truncate">
      {'  '}
      <Tint color={color} bold={endpoint.verdict === 'open'}>
        {word.padEnd(13)}
      </Tint>
      {endpoint.url}
      {endpoint.name ? ` (${endpoint.name})` : ''}
      {endpoint.detail ? ` — ${endpoint.detail}` : ''}
    </Text>
  );
}
