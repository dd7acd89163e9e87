import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ClinicSpecInput } from '../../source/spec/schema.js';

/** The wizard's working copy of a clinic: the answers-file shape, every field present. */
export type SpecDraft = ClinicSpecInput;
export type ServiceDraft = SpecDraft['services'][number];

/** Finds a file under assets/, from the source tree or from the bundle in dist/ (both ship assets/ beside them). */
export function assetPath(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'assets', relative);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`assets/${relative} is missing from this installation`);
    dir = parent;
  }
}

/**
 * assets/examples/clinic1.yml as parsed by scripts/build.mjs, which puts it in the bundle (esbuild's `define`), so
 * the wizard's first question needs no YAML parser; undefined when running from source.
 */
declare const CLINIC_TUI_GUIDE_PRESET: SpecDraft | undefined;

/** The guide's clinic (three services), from assets/examples/clinic1.yml so there is one copy. */
export async function guidePreset(): Promise<SpecDraft> {
  // esbuild makes the defined object one shared value: every caller gets a copy of its own, as from the file.
  if (typeof CLINIC_TUI_GUIDE_PRESET !== 'undefined') return structuredClone(CLINIC_TUI_GUIDE_PRESET);
  const { readGuidePreset } = await import('./guide-file.js');
  return (await readGuidePreset(assetPath('examples/clinic1.yml'))) as SpecDraft;
}

/** A clinic with one https service, for clinics that look nothing like the guide's. */
export function blankPreset(base: SpecDraft): SpecDraft {
  const id = base.clinic.id;
  return {
    ...base,
    services: [
      {
        name: 'web',
        internal_url: `https://web.${id}.internal`,
        upstream: 8080,
        public: { url: `https://web-${id}.${base.network.domain}` },
      },
    ],
  };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces the clinic id where it stands as a whole label part (api-clinic1, x.clinic1.internal). */
function swapId(host: string, from: string, to: string): string {
  if (from === '' || from === to) return host;
  return host.replace(new RegExp(`(^|[-.])${escapeRegExp(from)}(?=$|[-.])`, 'g'), `$1${to}`);
}

function retargetUrl(url: string, from: { id: string; domain: string }, to: { id: string; domain: string }) {
  const match = /^([a-z]+:\/\/)([^/:]+)(.*)$/.exec(url);
  if (!match) return url;
  const [, scheme, host = '', rest] = match;
  // An empty domain (none reserved yet, not typed yet) leaves a trailing dot where the domain goes.
  const onDomain = host.endsWith(`.${from.domain}`);
  const labels = onDomain ? host.slice(0, -from.domain.length - 1) : host;
  const newHost = swapId(labels, from.id, to.id) + (onDomain ? `.${to.domain}` : '');
  return `${scheme}${newHost}${rest}`;
}

/**
 * Moves the services' URLs to a new clinic id and domain (rest-api.clinic1.internal → rest-api.clinic7.internal,
 * api-clinic1.clinic-network.com → api-clinic7.example.org), so a preset stays valid when its id changes.
 */
export function retarget(draft: SpecDraft, to: { id: string; domain: string }): SpecDraft {
  const from = { id: draft.clinic.id, domain: draft.network.domain };
  return {
    ...draft,
    clinic: { ...draft.clinic, id: to.id },
    network: { ...draft.network, domain: to.domain },
    services: draft.services.map((service) => ({
      ...service,
      internal_url: retargetUrl(service.internal_url, from, to),
      ...(service.public && {
        public: { ...service.public, url: retargetUrl(service.public.url, from, to) },
      }),
    })),
  };
}
