import { error, type Finding } from '../policy/finding.js';
import { type LocatedUrl, normalizeEndpointUrl } from './forwards.js';

/** A file's contribution to the cross-checks. */
export interface CrossCheckInput {
  file: string;
  endpoints: LocatedUrl[];
  forwards: LocatedUrl[];
}

/**
 * Every forward-internal target must be an endpoint some agent config (or answers file) defines: same scheme, host
 * and port. Runs only when at least one file defines endpoints; otherwise there is nothing to compare against.
 */
export function crossCheckForwards(files: CrossCheckInput[]): { file: string; finding: Finding }[] {
  const defined = files.flatMap((f) =>
    f.endpoints.map((e) => ({ ...e, file: f.file, key: normalizeEndpointUrl(e.url) })),
  );
  if (defined.length === 0) return [];
  const keys = new Set(defined.map((d) => d.key));
  const sources = [...new Set(defined.map((d) => d.file))].join(', ');
  return files.flatMap((f) =>
    f.forwards
      .filter((forward) => !keys.has(normalizeEndpointUrl(forward.url)))
      .map((forward) => {
        const host = safeHost(forward.url);
        const near = defined.find((d) => host !== undefined && safeHost(d.url) === host);
        const hint = near ? `; ${near.file} has ${near.url} (${difference(near.url, forward.url)})` : '';
        return {
          file: f.file,
          finding: error(
            forward.path,
            `forwards to ${forward.url}, which no agent endpoint in ${sources} serves${hint}; the connection would fail`,
          ),
        };
      }),
  );
}

function difference(defined: string, target: string): string {
  const [a, b] = [normalizeEndpointUrl(defined), normalizeEndpointUrl(target)];
  return a?.split('://')[0] === b?.split('://')[0] ? 'a different port' : 'a different scheme';
}

function safeHost(value: string): string | undefined {
  try {
    return new URL(value).hostname;
  } catch {
    return undefined;
  }
}
