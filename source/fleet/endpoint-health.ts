import { urlKey } from '../spec/url-normal.js';
import type { ClinicSources } from './clinics.js';
import { compareText } from './compare.js';
import type { EndpointHealth, ExpectedEndpoint } from './types.js';

/**
 * Each expected endpoint of one clinic, up or down, and its cloud endpoint ok, missing or drifted. Expected
 * endpoints are the union of the credential tag's list, what this laptop remembers, the cloud endpoints'
 * forward targets and the agent endpoints the clinic's sessions serve right now.
 */
export interface EndpointInputs {
  sources: ClinicSources;
  remembered: ExpectedEndpoint[];
  /** Agent endpoints of the clinic's live sessions (name + URL as urlKey spells it). */
  served: ExpectedEndpoint[];
  /** urlKey of every live agent endpoint in the account; undefined until the list has been read. */
  liveUrls: Set<string> | undefined;
  /** False until the cloud endpoint list has been read completely, so nothing is called missing too early. */
  cloudListRead: boolean;
}

/** Merges the expected endpoints and judges each one. Returns the endpoints to remember as well. */
export function assessEndpoints(input: EndpointInputs): {
  endpoints: EndpointHealth[];
  expected: ExpectedEndpoint[];
} {
  // Every URL is keyed by urlKey, so an internal URL remembered or recorded in another spelling (`:443`, upper
  // case) is still the endpoint ngrok lists.
  const byUrl = new Map<string, ExpectedEndpoint>();
  const add = (entry: ExpectedEndpoint) => {
    const internalUrl = urlKey(entry.internalUrl);
    const known = byUrl.get(internalUrl);
    if (!known) byUrl.set(internalUrl, { ...entry, internalUrl });
    else if (!known.publicUrl && entry.publicUrl) known.publicUrl = entry.publicUrl;
  };
  for (const entry of input.sources.taggedEndpoints) add(entry);
  for (const entry of input.remembered) add(entry);
  for (const entry of input.served) add(entry);

  const cloudByName = new Map<string, EndpointHealth>();
  const results = new Map<string, EndpointHealth>();
  for (const entry of byUrl.values()) {
    results.set(entry.internalUrl, {
      name: entry.name,
      internalUrl: entry.internalUrl,
      online: input.liveUrls ? input.liveUrls.has(entry.internalUrl) : undefined,
      ...(entry.publicUrl ? { publicUrl: entry.publicUrl } : {}),
    });
  }
  for (const endpoint of input.sources.cloudEndpoints) {
    const name = endpoint.service ?? endpoint.target ?? endpoint.url;
    const row =
      [...results.values()].find(
        (r) => r.name === name || (endpoint.target && r.internalUrl === endpoint.target),
      ) ?? newRow(name, endpoint.target, input.liveUrls);
    results.set(row.internalUrl, row);
    row.publicUrl = endpoint.url;
    row.cloudEndpointId = endpoint.id;
    const forwardsHere = endpoint.targets.includes(row.internalUrl);
    row.cloud = endpoint.note || !forwardsHere ? 'drift' : 'ok';
    const note =
      endpoint.note ?? (forwardsHere ? undefined : `policy does not forward to ${row.internalUrl}`);
    if (note) row.cloudNote = note;
    cloudByName.set(row.internalUrl, row);
  }
  for (const row of results.values()) {
    if (row.publicUrl && !cloudByName.has(row.internalUrl) && input.cloudListRead) {
      row.cloud = 'missing';
      row.cloudNote = `no cloud endpoint for ${row.publicUrl}`;
    }
  }
  const endpoints = [...results.values()].sort((a, b) => compareText(a.name, b.name));
  const expected = endpoints.map((row) => ({
    name: row.name,
    internalUrl: row.internalUrl,
    ...(row.publicUrl ? { publicUrl: row.publicUrl } : {}),
  }));
  return { endpoints, expected };
}

function newRow(name: string, target: string | undefined, liveUrls: Set<string> | undefined): EndpointHealth {
  const internalUrl = target ?? '';
  return { name, internalUrl, online: liveUrls && internalUrl ? liveUrls.has(internalUrl) : undefined };
}
