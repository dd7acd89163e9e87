import {
  agentAnswer,
  keyDefault,
  noDefaults,
  portDefault,
  userDefault,
  type WizardDefaults,
} from './defaults.js';
import type { WizardNode } from './engine.js';
import { field, textField } from './fields.js';
import type { SpecDraft } from './presets.js';

type Node = WizardNode<SpecDraft>;
const fixed =
  (...path: string[]) =>
  () =>
    path;

/**
 * The clinic host's questions: address, port, user, (outside the demo) the SSH key, and where ngrok.yml goes. The
 * port, user and key defaults follow the address typed (its ~/.ssh/config block), read through `defaults`.
 */
export function hostQuestions(options: {
  /** The defaults known when a question is asked; undefined in the demo, which asks no key. */
  defaults: () => WizardDefaults | undefined;
  next: () => Node;
}): Node {
  const { defaults, next } = options;
  const known = () => defaults() ?? noDefaults;
  const configPath = textField({
    id: 'host.config_path',
    message: 'Where ngrok.yml goes on the host',
    path: fixed('host', 'config_path'),
    get: (d) => d.host.config_path ?? '/etc/ngrok/ngrok.yml',
    set: (d, v) => ({ ...d, host: { ...d.host, config_path: v } }),
    next,
  });
  const key = field({
    question: (d) => ({
      kind: 'text',
      id: 'host.identity_file',
      message: `SSH key for ${d.host.user}@${d.host.address}: a private key file, or ${agentAnswer} (ssh-agent)`,
      default: keyDefault(d, known()),
      validate: (value) =>
        value.trim() === '' ? `give a key file such as ~/.ssh/id_ed25519, or ${agentAnswer}` : undefined,
    }),
    set: (d, v) => {
      const { identity_file: _dropped, ...host } = d.host;
      const answer = String(v).trim();
      return { ...d, host: answer === agentAnswer ? host : { ...host, identity_file: answer } };
    },
    next: () => configPath,
  });
  const user = textField({
    id: 'host.user',
    message: 'SSH user on the clinic host',
    path: fixed('host', 'user'),
    get: (d) => userDefault(d, known()),
    set: (d, v) => ({ ...d, host: { ...d.host, user: v } }),
    next: () => (defaults() ? key : configPath),
  });
  const port = field({
    question: (d) => ({
      kind: 'number',
      id: 'host.port',
      message: 'SSH port',
      default: portDefault(d, known()),
      min: 1,
      max: 65535,
    }),
    set: (d, v) => ({ ...d, host: { ...d.host, port: Number(v) } }),
    next: () => user,
  });
  return textField({
    id: 'host.address',
    message: 'Clinic host (name or IP address reachable over SSH)',
    path: fixed('host', 'address'),
    get: (d) => d.host.address,
    set: (d, v) => ({ ...d, host: { ...d.host, address: v } }),
    next: () => port,
  });
}
