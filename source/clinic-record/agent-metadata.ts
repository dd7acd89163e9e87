import { parse as parseYaml } from 'yaml';
import { formatTag, parseTag } from '../ngrok/tags.js';

/**
 * The `agent.metadata` written into ngrok.yml: names the clinic and the credential whose token the file holds,
 * so a rerun can tell from the host which credential it has (tokens carry no readable id), and tunnel sessions
 * report it (https://ngrok.com/docs/agent/config/v3/).
 */
export function agentMetadata(clinic: string, credentialId: string): string {
  return formatTag({ clinic, role: 'agent-credential', credential: credentialId });
}

/** What a host's ngrok.yml says about its credential: the id from agent.metadata and the token (memory only). */
export function credentialInConfig(text: string | undefined): { id?: string; token?: string } {
  if (!text) return {};
  try {
    const agent = (parseYaml(text) as { agent?: { authtoken?: unknown; metadata?: unknown } } | null)?.agent;
    const token = typeof agent?.authtoken === 'string' ? agent.authtoken : undefined;
    const meta =
      typeof agent?.metadata === 'string' ? (JSON.parse(agent.metadata) as { credential?: unknown }) : {};
    const id = typeof meta?.credential === 'string' ? meta.credential : undefined;
    return { ...(id ? { id } : {}), ...(token ? { token } : {}) };
  } catch {
    return {};
  }
}

/** Whose a file on a clinic host is, judged from its text alone. */
export type ConfigOwner =
  | { kind: 'missing' }
  /** An ngrok.yml whose agent.metadata names a clinic (this one or another). */
  | { kind: 'clinic'; clinic: string }
  /** An ngrok agent config that names no clinic (written by hand, or by another tool). */
  | { kind: 'unnamed' }
  /** Anything else: a file clinic-tui must never overwrite, rename or run a service for. */
  | { kind: 'not-agent-config' };

/**
 * Reads whose a host file is: the clinic its agent.metadata names, written by onboarding and rotation
 * (https://ngrok.com/docs/agent/config/v3/#agent-configuration); undefined text is a missing file. A YAML mapping
 * with a `version` and any of the agent's top-level sections (agent, authtoken, tunnels, endpoints) counts as an
 * agent config.
 */
export function configOwner(text: string | undefined): ConfigOwner {
  if (text === undefined) return { kind: 'missing' };
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch {
    return { kind: 'not-agent-config' };
  }
  if (!isMapping(parsed) || parsed.version === undefined) return { kind: 'not-agent-config' };
  if (!['agent', 'authtoken', 'tunnels', 'endpoints'].some((key) => key in parsed)) {
    return { kind: 'not-agent-config' };
  }
  const metadata = isMapping(parsed.agent) ? parsed.agent.metadata : undefined;
  const tag = typeof metadata === 'string' ? parseTag(metadata) : undefined;
  return tag?.role === 'agent-credential' && tag.clinic
    ? { kind: 'clinic', clinic: tag.clinic }
    : { kind: 'unnamed' };
}

/** What a file holds, for a refusal: "holds clinic2's agent config", "is not an ngrok agent config". */
export function describeOwner(owner: ConfigOwner): string {
  switch (owner.kind) {
    case 'missing':
      return 'does not exist';
    case 'clinic':
      return `holds ${owner.clinic}'s agent config`;
    case 'unnamed':
      return 'holds an ngrok agent config that names no clinic';
    case 'not-agent-config':
      return 'is not an ngrok agent config';
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
