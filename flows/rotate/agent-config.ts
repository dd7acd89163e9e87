import { isMap, isSeq, parseDocument } from 'yaml';
import { ExternalError } from '../../source/errors.js';

/**
 * Rotation changes one thing on the host: the authtoken in ngrok.yml. Everything else in the file the host runs
 * (endpoints, upstreams, pooling, comments) is kept exactly, so a rotation can never drift the clinic's config.
 */

/** What rotation needs to know about the config the host runs now. */
export interface HostConfigFacts {
  /** Every endpoint URL in the file; the new session must serve each of them before the old token goes. */
  endpointUrls: string[];
  /** True when every endpoint has pooling_enabled, so a second agent can serve the same URLs alongside. */
  pooled: boolean;
}

/** Reads the endpoint URLs and pooling from an ngrok.yml v3 text. */
export function readHostConfig(text: string, path: string): HostConfigFacts {
  const doc = parse(text, path);
  const endpoints = doc.get('endpoints');
  if (!isSeq(endpoints) || endpoints.items.length === 0) {
    throw new ExternalError(
      `${path} on the host lists no endpoints.`,
      'Onboard the clinic again (clinic-tui onboard) before rotating its authtoken.',
    );
  }
  const urls: string[] = [];
  let pooled = true;
  for (const item of endpoints.items) {
    const url = isMap(item) ? item.get('url') : undefined;
    if (typeof url !== 'string')
      throw new ExternalError(`${path} on the host has an endpoint without a url.`);
    urls.push(url);
    if (!isMap(item) || item.get('pooling_enabled') !== true) pooled = false;
  }
  return { endpointUrls: urls, pooled };
}

/**
 * Returns the same config with agent.authtoken replaced, and agent.metadata (which names the credential whose
 * token the file holds, for onboarding reruns and tunnel sessions) replaced when given; nothing else changes.
 */
export function replaceAuthtoken(text: string, path: string, authtoken: string, metadata?: string): string {
  const doc = parse(text, path);
  if (!doc.hasIn(['agent', 'authtoken'])) {
    throw new ExternalError(`${path} on the host has no agent.authtoken to replace.`);
  }
  doc.setIn(['agent', 'authtoken'], authtoken);
  if (metadata !== undefined) doc.setIn(['agent', 'metadata'], metadata);
  return doc.toString();
}

function parse(text: string, path: string) {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new ExternalError(
      `${path} on the host is not a readable ngrok.yml.`,
      'Run `clinic-tui doctor` to see what is wrong with the host.',
    );
  }
  return doc;
}
