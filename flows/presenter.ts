import type { HostPrompter } from '../source/host/prompts.js';
import type { ProbeLine } from '../source/probe/probe-line.js';
import type { Asker, Change, FlowListener } from './step.js';

/** The plan shown on the review screen before anything changes. Never holds a secret. */
export interface PlanReview {
  clinic: string;
  stage: 'cloud' | 'host' | 'all';
  steps: { id: string; title: string; changes: Change[] }[];
  /** The ngrok.yml to be pushed, authtoken masked or a placeholder. */
  agentConfig?: string;
  /** Each cloud endpoint's Traffic Policy as it will be sent, and who it lets in, in words. */
  policies: { url: string; policy: string; protection?: string }[];
}

/** A DNS record the customer must create (the wildcard domain's two CNAMEs). */
export interface DnsRecord {
  type: 'CNAME' | 'NS';
  name: string;
  value: string;
}

/**
 * What a finished flow reports; `--json` prints it as the last line, also after a failure or an interrupt. The id
 * lists are those of the run's change events, so every change reported is in them.
 */
export interface FlowSummary {
  clinic: string;
  result: 'converged' | 'failed' | 'planned';
  created: string[];
  updated: string[];
  deleted: string[];
  /** Ids of existing resources the run kept as they are. */
  reused: string[];
  /** What each id above is, for people: `service user clinic-tui/clinic1`. */
  labels?: Record<string, string>;
  host?: { config_path: string; service: string };
  publicUrls: string[];
  dnsRecords: DnsRecord[];
  /** The stranger probes after verify, one per line (a run that probed). */
  probes?: ProbeLine[];
  /** What to do next, for people. */
  nextSteps: string[];
  error?: { message: string; hint?: string };
}

/**
 * How a command shows a flow: Ink on a TTY, plain lines otherwise, JSON lines with --json. The command picks one;
 * the flow only ever sees this interface, so flows never import a UI library.
 */
export interface FlowPresenter {
  listener: FlowListener;
  asker: Asker;
  hostPrompter: HostPrompter;
  /** Shows the plan; resolves true to go ahead. Headless with --yes resolves true at once. */
  confirmPlan(review: PlanReview): Promise<boolean>;
  /** Shows the result and releases the terminal. */
  finish(summary: FlowSummary): Promise<void>;
  /**
   * Releases the terminal without a summary, for a command that stops before its flow finishes (Esc on the first
   * question, a bad answers file, a bug). Idempotent, and a no-op after finish().
   */
  close(): Promise<void>;
}
