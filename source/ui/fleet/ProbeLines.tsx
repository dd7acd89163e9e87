import { Text } from 'ink';
import { shortTime } from '../../fleet/time-text.js';
import type { ClinicHealth } from '../../fleet/types.js';
import type { ProbeVerdict } from '../../store/probe-results.js';
import { Tint } from '../theme.js';

/** Each verdict's word and colour; the word alone carries the meaning (NO_COLOR), OPEN in capitals like DOWN. */
const verdictLook: Record<ProbeVerdict, [string, string]> = {
  refused: ['refused', 'green'],
  open: ['OPEN', 'red'],
  'not-provable': ['not provable', 'yellow'],
  failed: ['failed', 'yellow'],
};

/** A clinic's last stranger probe in the detail view: when, and one line per public endpoint probed. */
export function ProbeLines({ clinic }: { clinic: ClinicHealth }) {
  const { probe } = clinic;
  if (!probe) {
    return (
      <>
        <Tint bold>Stranger probes</Tint>
        <Text wrap="truncate">{`  never probed from this laptop — run clinic-tui verify ${clinic.id}`}</Text>
      </>
    );
  }
  return (
    <>
      <Tint bold>{`Stranger probes (from this laptop, ${shortTime(probe.at)})`}</Tint>
      {probe.endpoints.length === 0 ? <Text>{'  no public endpoint to probe'}</Text> : null}
      {probe.endpoints.map((endpoint) => {
        const [word, color] = verdictLook[endpoint.verdict];
        return (
          <Text key={endpoint.url} wrap="truncate">
            {'  '}
            <Tint color={color} bold={endpoint.verdict === 'open'}>
              {word.padEnd(13)}
            </Tint>
            {endpoint.url}
            {endpoint.name ? ` (${endpoint.name})` : ''}
            {endpoint.detail ? ` — ${endpoint.detail}` : ''}
          </Text>
        );
      })}
    </>
  );
}
