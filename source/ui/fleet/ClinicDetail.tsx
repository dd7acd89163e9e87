import { Box, Text } from 'ink';
import { lastSeenText } from '../../fleet/columns.js';
import { shortTime } from '../../fleet/time-text.js';
import type { ClinicHealth } from '../../fleet/types.js';
import type { AuditRecord } from '../../store/audit-log.js';
import { Tint } from '../theme.js';
import { ProbeLines } from './ProbeLines.js';
import { statusColor } from './status-style.js';

interface Props {
  clinic: ClinicHealth;
  audit: AuditRecord[] | 'loading' | string;
  now: number;
}

function upDown(online: boolean | undefined): [string, string] {
  if (online === undefined) return ['?', 'gray'];
  return online ? ['up', 'green'] : ['DOWN', 'red'];
}

/** One clinic: its endpoints, agent sessions, credential, last stranger probe and last changes from the audit log. */
export function ClinicDetail({ clinic, audit, now }: Props) {
  const { agent, credential } = clinic;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Tint bold>{`${clinic.name} (${clinic.id}) `}</Tint>
        <Tint color={statusColor[clinic.status]}>{clinic.status}</Tint>
        {clinic.reason ? ` — ${clinic.reason}` : ''}
      </Text>
      <Tint bold>Endpoints</Tint>
      {clinic.endpoints.map((endpoint) => {
        const [word, color] = upDown(endpoint.online);
        const cloud = endpoint.cloud
          ? ` cloud ${endpoint.cloud}${endpoint.cloudNote ? ` (${endpoint.cloudNote})` : ''}`
          : '';
        return (
          <Text key={endpoint.internalUrl || endpoint.name} wrap="truncate">
            {'  '}
            <Tint color={color}>{word.padEnd(5)}</Tint>
            {`${endpoint.name.padEnd(15)} ${endpoint.internalUrl}`}
            {endpoint.publicUrl ? ` ← ${endpoint.publicUrl}` : ''}
            {cloud}
          </Text>
        );
      })}
      <Tint bold>{`Agent sessions (${agent.sessions.length} of ${agent.expectedSessions} expected)`}</Tint>
      {agent.sessions.length === 0 ? (
        <Text wrap="truncate">{`  none · last seen ${lastSeenText(clinic, now, 'absolute')}`}</Text>
      ) : (
        agent.sessions.map((session) => (
          <Text key={session.id} wrap="truncate">
            {`  ${session.id} ngrok ${session.version} ${session.os} ${session.region} ${session.ip} since ${shortTime(session.startedAt)}`}
          </Text>
        ))
      )}
      <Tint bold>Credential</Tint>
      <Text wrap="truncate">
        {credential
          ? `  ${credential.id} generation ${credential.generation ?? '-'} · created ${shortTime(credential.createdAt)} (${credential.ageDays ?? '?'} days)`
          : '  none tagged for this clinic'}
        {clinic.credentialIds.length > 1
          ? ` · ${clinic.credentialIds.length} credentials (rotation in progress?)`
          : ''}
      </Text>
      {clinic.reservedAddrs.length > 0 ? (
        <Text wrap="truncate">{`  reserved TCP addresses: ${clinic.reservedAddrs.join(', ')}`}</Text>
      ) : null}
      <ProbeLines clinic={clinic} />
      <Tint bold>Recent changes (audit log on this laptop)</Tint>
      {typeof audit === 'string' ? (
        <Tint dimColor>{audit === 'loading' ? '  loading…' : `  ${audit}`}</Tint>
      ) : audit.length === 0 ? (
        <Tint dimColor>{'  none recorded here'}</Tint>
      ) : (
        audit.map((entry) => (
          <Text key={`${entry.time}${entry.action}${entry.resource}`} wrap="truncate">
            {`  ${shortTime(entry.time)} ${entry.action} ${entry.resource} ${entry.result} (${entry.user})`}
          </Text>
        ))
      )}
    </Box>
  );
}
