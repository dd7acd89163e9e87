import type { Endpoint } from '../ngrok/types.js';
import type { ClinicSources } from './clinics.js';
import { endpointForwardTargets, normalizeUrl } from './policy-targets.js';
import type { EndpointHealth, ExpectedEndpoint } from './types.js';

/**
 * Each expected endpoint of one clinic, up or down, and its cloud endpoint ok, missing or drifted. Expected
 * endpoints are the union of the credential tag's list, what this laptop remembers, the cloud endpoints'
 * forward targets and the agent endpoints the clinic's sessions serve right now.
 */
export interface EndpointInputs {
  sources: ClinicSources;
  remembered: ExpectedEndpoint[];
  /** Agent endpoints of the clinic's live sessions (name + normalized URL). */
  served: ExpectedEndpoint[];
  /** Normalized URLs of every live agent endpoint in the account; undefined until the list has been read. */
  liveUrls: Set<string> | undefined;
  /** False until the cloud endpoint list has been read completely, so nothing is called missing too early. */
  cloudListRead: boolean;
}

/** Merges the expected endpoints and judges each one. Returns the endpoints to remember as well. */
export function assessEndpoints(input: EndpointInputs): {
  endpoints: EndpointHealth[];
  expected: ExpectedEndpoint[];
} {
  const byUrl = new Map<string, ExpectedEndpoint>();
  const add = (entry: ExpectedEndpoint) => {
    const known = byUrl.get(entry.internalUrl);
    if (!known) byUrl.set(entry.internalUrl, { ...entry });
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
  for (const { endpoint, service } of input.sources.cloudEndpoints) {
    const judged = judgeCloud(endpoint, input.sources.id);
    const name = service ?? judged.target ?? endpoint.url;
    const row =
      [...results.values()].find(
        (r) => r.name === name || (judged.target && r.internalUrl === judged.target),
      ) ?? newRow(name, judged.target, input.liveUrls);
    results.set(row.internalUrl, row);
    row.publicUrl = endpoint.url;
    row.cloudEndpointId = endpoint.id;
    const forwardsHere = judged.targets.includes(row.internalUrl);
    row.cloud = judged.note || !forwardsHere ? 'drift' : 'ok';
    const note = judged.note ?? (forwardsHere ? undefined : `policy does not forward to ${row.internalUrl}`);
    if (note) row.cloudNote = note;
    cloudByName.set(row.internalUrl, row);
  }
  for (const row of results.values()) {
    if (row.publicUrl && !cloudByName.has(row.internalUrl) && input.cloudListRead) {
      row.cloud = 'missing';
      row.cloudNote = `no cloud endpoint for ${row.publicUrl}`;
    }
  }
  const endpoints = [...results.values()].sort((a, b) => a.name.localeCompare(b.name));
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

interface CloudJudgement {
  targets: string[];
  target?: string;
  note?: string;
}

// A cloud endpoint object lives for a whole slow refresh cycle and its tag names one clinic, so it is judged once.
const judgements = new WeakMap<Endpoint, CloudJudgement>();

/** A cloud endpoint's forward targets and what is wrong with them, if anything. */
function judgeCloud(endpoint: Endpoint, clinicId: string): CloudJudgement {
  const known = judgements.get(endpoint);
  if (known) return known;
  const judged = judgeTargets(endpoint, clinicId);
  judgements.set(endpoint, judged);
  return judged;
}

function judgeTargets(endpoint: Endpoint, clinicId: string): CloudJudgement {
  const targets = endpointForwardTargets(endpoint);
  if (targets === undefined) return { targets: [], note: 'policy cannot be parsed' };
  if (targets.length === 0) return { targets, note: 'policy has no forward-internal action' };
  // Patient data must never be forwarded into another clinic's network: the ACL is bind:*.<id>.internal.
  const suffix = `.${clinicId}.internal`;
  const outside = targets.find((url) => !hostOf(url).endsWith(suffix));
  const target = targets.find((url) => hostOf(url).endsWith(suffix)) ?? targets[0];
  if (outside)
    return {
      targets,
      ...(target ? { target } : {}),
      note: `policy forwards outside the clinic to ${outside}`,
    };
  return { targets, ...(target ? { target } : {}) };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

/** Agent endpoints as expected entries: ngrok.yml's endpoint name, else the URL's first host label. */
export function servedEndpoint(endpoint: Endpoint, nameFromUrl: (url: string) => string): ExpectedEndpoint {
  const internalUrl = normalizeUrl(endpoint.url);
  return { name: endpoint.name || nameFromUrl(internalUrl), internalUrl };
}
