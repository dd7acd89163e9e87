import { stringify } from 'yaml';

/**
 * The frame of the valid answers files the sweep (valid-inputs.test.ts) runs: what a case is, and helpers to write
 * one. The host section points at the test's clinic host.
 */

/** Where the test's clinic host listens, and the key it accepts. */
export interface TestHostSection {
  address: string;
  port: number;
  user: string;
  identity_file: string;
}

// biome-ignore lint/suspicious/noExplicitAny: answers are free-form data written to a file.
export type Answers = Record<string, any>;

/** What the test set up besides the host: a standby host, an address reserved beforehand, the host's key. */
export interface TestExtras {
  standby?: TestHostSection;
  reservedAddr?: string;
  hostKey?: string;
}

export interface ValidCase {
  name: string;
  clinicId: string;
  /** The file's text (YAML or JSON, with its own quirks) for this host. */
  text(host: TestHostSection, extras: TestExtras): string;
  /** The file name; the extension only matters to a human. */
  file: string;
  /** Where the config lands on the host (default /etc/ngrok/ngrok.yml). */
  configPath?: string;
  /** What the case needs set up: a second host, a TCP address reserved beforehand, another login name. */
  needs?: { standby?: true; reservedAddr?: true; user?: string; address?: string };
}

/** A case written as data, serialised as block YAML. */
export function yamlCase(
  name: string,
  clinicId: string,
  build: (host: TestHostSection, extras: TestExtras) => Answers,
): ValidCase {
  return { name, clinicId, file: `${name}.yml`, text: (host, extras) => stringify(build(host, extras)) };
}

/** The common frame: version, clinic, network, host; the case supplies services and anything else. */
export function clinic(
  id: string,
  services: Answers[],
  extra: Answers = {},
): (host: TestHostSection) => Answers {
  return (host) => ({
    version: 1,
    clinic: { id, name: `Clinic ${id}` },
    network: { domain: 'clinic-network.com' },
    services,
    host,
    ...extra,
  });
}

export const jwks = {
  issuer: 'https://auth.example.com/',
  jwks_url: 'https://auth.example.com/.well-known/jwks.json',
};
