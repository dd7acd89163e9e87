import type { WizardNode } from './engine.js';
import type { SpecDraft } from './presets.js';

/** A clinic the account already holds under the id typed, as the wizard announces it. */
export interface ExistingClinic {
  /** `online` when its agent serves every endpoint, else the fleet's word for it (offline, degraded, drift, unknown). */
  status: string;
  /** How many endpoints its clinic record lists. */
  endpoints: number;
  /** The address of the host it was pushed to; undefined before its host stage ran. */
  host?: string;
}

/** Finds the clinic with this id in the account; undefined when there is none (or it cannot be told). */
export type ClinicLookup = (clinicId: string) => Promise<ExistingClinic | undefined>;

/** The notice at the id question: "clinic1 already exists in this account: online · 3 endpoints · host 10.0.0.9". */
export function describeExisting(clinicId: string, clinic: ExistingClinic): string {
  const endpoints = `${clinic.endpoints} endpoint${clinic.endpoints === 1 ? '' : 's'}`;
  const host = clinic.host ? `host ${clinic.host}` : 'no host yet';
  return `${clinicId} already exists in this account: ${clinic.status} · ${endpoints} · ${host}`;
}

/**
 * The lookups the wizard has made, by clinic id: `settle` looks an id up once (the wizard waits for it before
 * taking the answer), `found` answers from what was looked up, so the walk that counts the questions stays sync.
 */
export class ExistingClinics {
  private readonly results = new Map<string, ExistingClinic | undefined>();

  constructor(private readonly lookup: ClinicLookup) {}

  /** Looks the id up unless it was already. */
  async settle(clinicId: string): Promise<void> {
    if (this.results.has(clinicId)) return;
    this.results.set(clinicId, await this.lookup(clinicId));
  }

  /** The clinic the account holds under this id, when the lookup found one. */
  found(clinicId: string): ExistingClinic | undefined {
    return this.results.get(clinicId);
  }
}

/**
 * "Reconfigure clinic1?" after the notice that it exists: Yes goes on to `next`, No (the default) goes back to the
 * id question. An existing clinic is never taken over by pressing Enter.
 */
export function reconfigureQuestion(
  existing: ExistingClinics,
  next: () => WizardNode<SpecDraft>,
): WizardNode<SpecDraft> {
  return {
    question: (draft) => {
      const id = draft.clinic.id;
      const clinic = existing.found(id);
      return {
        kind: 'confirm',
        id: 'clinic.reconfigure',
        message: `Reconfigure ${id}?`,
        default: false,
        ...(clinic ? { notice: describeExisting(id, clinic) } : {}),
      };
    },
    answer: (draft, value) => (value === true ? { draft, next: next() } : { draft, next: null, back: true }),
    onward: true,
  };
}
