import { parse as parseYaml } from 'yaml';
import { formatTag } from '../ngrok/tags.js';

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
