import { type ClinicHealth, clinicStatuses } from '../types.js';

/**
 * The Prometheus text exposition format (version 0.0.4), for node_exporter's textfile collector or any scraper:
 * write it to a `.prom` file from cron. No timestamps, as the textfile collector requires.
 */

/** Escapes a label value: backslash, double quote and newline (the exposition format's rules). */
export function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Record<string, string>): string {
  const text = Object.entries(pairs)
    .map(([key, value]) => `${key}="${escapeLabel(value)}"`)
    .join(',');
  return `{${text}}`;
}

type Sample = [Record<string, string>, number];

/**
 * One sample per label set: a scraper (node_exporter's textfile collector among them) rejects a whole file that
 * repeats a series. Two samples with one label set (a tampered record or probe file) keep the value `merge` picks.
 */
function uniqueSamples(samples: Sample[], merge: (a: number, b: number) => number): Map<string, number> {
  const byLabels = new Map<string, number>();
  for (const [pairs, value] of samples) {
    const key = labels(pairs);
    const known = byLabels.get(key);
    byLabels.set(key, known === undefined ? value : merge(known, value));
  }
  return byLabels;
}

/** Formats the fleet's metrics. */
export function formatPrometheus(clinics: ClinicHealth[]): string {
  const lines: string[] = [];
  // A repeated series keeps the worse news by default: open over refused, the older credential.
  const metric = (name: string, help: string, samples: Sample[], merge = Math.max) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`);
    for (const [text, value] of uniqueSamples(samples, merge)) lines.push(`${name}${text} ${value}`);
  };
  metric(
    'clinic_tui_clinic_up',
    'Whether an ngrok agent session is online with the clinic credential (1) or not (0).',
    clinics.map((c) => [{ clinic: c.id }, c.agent.online ? 1 : 0]),
    Math.min,
  );
  metric(
    'clinic_tui_clinic_status',
    'The clinic status as reported by clinic-tui fleet: 1 for the current status, 0 for the others.',
    clinics.flatMap((c) =>
      clinicStatuses.map((status): Sample => [{ clinic: c.id, status }, c.status === status ? 1 : 0]),
    ),
  );
  metric(
    'clinic_tui_endpoint_up',
    'Whether the clinic internal endpoint is online (1) or not (0).',
    // The fleet knows an endpoint by its internal URL: two of them may carry one service name (a name reused, or
    // an internal URL changed since this laptop remembered it), so the URL is a label too.
    clinics.flatMap((c) =>
      c.endpoints
        .filter((e) => e.online !== undefined)
        .map(
          (e): Sample => [{ clinic: c.id, endpoint: e.name, internal_url: e.internalUrl }, e.online ? 1 : 0],
        ),
    ),
    Math.min,
  );
  // A probe that could not prove a refusal (not-provable, failed) shows neither open nor closed: a 0 would claim
  // safety nobody proved and a 1 an exposure nobody saw, so such an endpoint has no sample until a probe proves one.
  metric(
    'clinic_tui_endpoint_open',
    'Whether a stranger got into the clinic public endpoint at the last probe from this laptop (1) or every probe was refused (0); no sample when the probe proved neither.',
    clinics.flatMap((c) =>
      (c.probe?.endpoints ?? [])
        .filter((e) => e.verdict === 'open' || e.verdict === 'refused')
        .map((e): Sample => [{ clinic: c.id, endpoint: e.url }, e.verdict === 'open' ? 1 : 0]),
    ),
  );
  metric(
    'clinic_tui_probe_timestamp_seconds',
    'When the clinic public endpoints were last probed from this laptop (Unix time).',
    clinics.flatMap((c): Sample[] => {
      const at = c.probe ? Date.parse(c.probe.at) : Number.NaN;
      return Number.isNaN(at) ? [] : [[{ clinic: c.id }, Math.floor(at / 1000)]];
    }),
  );
  metric(
    'clinic_tui_credential_age_days',
    'Age in days of the clinic current agent credential (authtoken).',
    clinics.flatMap((c): Sample[] =>
      c.credential?.ageDays !== undefined ? [[{ clinic: c.id }, c.credential.ageDays]] : [],
    ),
  );
  return `${lines.join('\n')}\n`;
}
