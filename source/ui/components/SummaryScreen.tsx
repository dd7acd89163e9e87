import { Box, Text } from 'ink';
import type { FlowSummary } from '../../../flows/presenter.js';
import { describeResource } from '../plain-lines.js';
import { marks, Tint } from '../theme.js';
import { formatProbeSummaryLines } from '../verify-lines.js';

function Section({ title, lines }: { title: string; lines: string[] }) {
  if (lines.length === 0) return null;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text bold>{title}</Text>
      {lines.map((line) => (
        <Text key={line}>{`  ${line}`}</Text>
      ))}
    </Box>
  );
}

const headline: Record<FlowSummary['result'], string> = {
  converged: 'is onboarded and online',
  planned: 'was planned; nothing was changed',
  failed: 'is not finished',
};

/** The result: what was created or reused, public URLs, the CNAMEs the customer's DNS needs, what to do next. */
export function SummaryScreen({ summary }: { summary: FlowSummary }) {
  const ok = summary.result !== 'failed';
  const named = (ids: string[]) => ids.map((id) => describeResource(summary, id));
  return (
    <Box flexDirection="column">
      <Text bold>
        <Tint color={ok ? 'green' : 'red'}>{ok ? marks.done : marks.failed}</Tint> {summary.clinic}{' '}
        {headline[summary.result]}
      </Text>
      {summary.error && <Tint color="red">{`  ${summary.error.message}`}</Tint>}
      {summary.error?.hint && <Text>{`  → ${summary.error.hint}`}</Text>}
      <Section title="Deleted" lines={named(summary.deleted)} />
      <Section title="Created" lines={named(summary.created)} />
      <Section title="Updated" lines={named(summary.updated)} />
      <Section title="Already in place" lines={named(summary.reused)} />
      {summary.host && (
        <Section
          title="Clinic host"
          lines={[`${summary.host.config_path} (ngrok service ${summary.host.service})`]}
        />
      )}
      <Section title="Public URLs" lines={summary.publicUrls} />
      <Section
        title="Stranger probes (from this laptop)"
        lines={formatProbeSummaryLines(summary.probes ?? [])}
      />
      <Section
        title="DNS records for the customer"
        lines={summary.dnsRecords.map((r) => `${r.type.padEnd(5)} ${r.name} → ${r.value}`)}
      />
      <Section title="Next" lines={summary.nextSteps} />
    </Box>
  );
}
