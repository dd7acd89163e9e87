import { type ServiceProtocol, serviceProtocol, serviceProtocols } from '../../source/spec/url.js';
import type { WizardNode } from './engine.js';
import { field, textField } from './fields.js';
import type { ServiceDraft, SpecDraft } from './presets.js';

type Node = WizardNode<SpecDraft>;

const lastIndex = (draft: SpecDraft) => draft.services.length - 1;
const last = (draft: SpecDraft) => draft.services[lastIndex(draft)]!;
const at =
  (...rest: string[]) =>
  (draft: SpecDraft) => ['services', lastIndex(draft), ...rest];

function withLast(draft: SpecDraft, change: (service: ServiceDraft) => ServiceDraft): SpecDraft {
  return { ...draft, services: draft.services.map((s, i) => (i === lastIndex(draft) ? change(s) : s)) };
}

/** The internal URL a service gets: scheme from the protocol, host under the clinic's .internal zone. */
function internalUrl(draft: SpecDraft, name: string, protocol: ServiceProtocol, port: number): string {
  return `${protocol}://${name}.${draft.clinic.id}.internal${protocol === 'tcp' ? `:${port}` : ''}`;
}

function defaultPublicUrl(draft: SpecDraft, service: ServiceDraft): string {
  const protocol = serviceProtocol(service) ?? 'https';
  if (protocol === 'tcp') return 'reserve';
  return `${protocol}://${service.name}-${draft.clinic.id}.${draft.network.domain}`;
}

/** The port at the end of an upstream (8080, 10.0.0.5:5432, http://x:8080); tcp internal URLs reuse it. */
function portOf(upstream: ServiceDraft['upstream']): number {
  const match = /:?(\d+)\/?$/.exec(String(upstream));
  return match ? Number(match[1]) : 1;
}

/** Rebuilds the last service's internal URL after its name, protocol or upstream changed. */
function reconcile(draft: SpecDraft, protocol = serviceProtocol(last(draft)) ?? 'https'): SpecDraft {
  return withLast(draft, (s) => ({
    ...s,
    internal_url: internalUrl(draft, s.name, protocol, portOf(s.upstream)),
  }));
}

const protocolHints: Record<ServiceProtocol, string> = {
  http: 'plain HTTP inside the clinic',
  https: 'web apps and APIs (JWT, required header)',
  tls: 'TLS from the first byte; not PostgreSQL, SQL Server or MySQL',
  tcp: 'databases (PostgreSQL, SQL Server, MySQL) and raw TCP; reserved address',
};

/** "Continue / add / remove": loops until the person continues; `after` gives the node that follows the services. */
export function servicesMenu(after: (draft: SpecDraft) => Node | null): Node {
  let menu: Node;
  const add = (): Node => addService(() => menu);
  const remove = (): Node => removeService(() => menu);
  menu = {
    question: (draft) => ({
      kind: 'select',
      id: 'services.menu',
      message: `Services: ${draft.services.map((s) => s.name).join(', ') || 'none yet'}`,
      default: draft.services.length > 0 ? 'continue' : 'add',
      choices: [
        ...(draft.services.length > 0
          ? [{ value: 'continue', label: `Continue with these ${draft.services.length} service(s)` }]
          : []),
        { value: 'add', label: 'Add a service' },
        ...(draft.services.length > 1 ? [{ value: 'remove', label: 'Remove a service' }] : []),
      ],
    }),
    answer: (draft, value) => ({
      draft,
      next: value === 'add' ? add() : value === 'remove' ? remove() : after(draft),
    }),
  };
  return menu;
}

function addService(back: () => Node): Node {
  const publicUrl = textField({
    id: 'service.public.url',
    message: (draft) => publicUrlQuestion(serviceProtocol(last(draft))),
    path: at('public', 'url'),
    get: (draft) => last(draft).public?.url ?? defaultPublicUrl(draft, last(draft)),
    set: (draft, url) => withLast(draft, (s) => ({ ...s, public: { url } })),
    next: back,
  });
  const exposed = field({
    question: () => ({
      kind: 'confirm',
      id: 'service.public',
      message: 'Reach it from outside the clinic?',
      default: true,
    }),
    set: (draft, yes) =>
      withLast(draft, ({ public: _, ...s }) =>
        yes ? { ...s, public: { url: defaultPublicUrl(draft, s) } } : s,
      ),
    next: (draft) => (last(draft).public ? publicUrl : back()),
  });
  const upstream = textField({
    id: 'service.upstream',
    message: 'Where it listens on the clinic network: port, host:port or URL',
    path: at('upstream'),
    get: (draft) => String(last(draft).upstream),
    set: (draft, value) =>
      reconcile(withLast(draft, (s) => ({ ...s, upstream: /^\d+$/.test(value) ? Number(value) : value }))),
    next: () => exposed,
  });
  const protocol = field({
    question: () => ({
      kind: 'select',
      id: 'service.protocol',
      message: 'Protocol',
      default: 'https',
      choices: serviceProtocols.map((p) => ({ value: p, label: p, hint: protocolHints[p] })),
    }),
    set: (draft, value) => reconcile(draft, value as ServiceProtocol),
    next: () => upstream,
  });
  const name = textField({
    id: 'service.name',
    message: 'Service name (lowercase, such as rest-api)',
    path: at('name'),
    get: () => '',
    set: (draft, value) =>
      reconcile(
        withLast(draft, (s) => ({ ...s, name: value })),
        'https',
      ),
    next: () => protocol,
  });
  // Asking the name appends a placeholder service; going back from it restores the draft without it.
  return {
    question: (draft) => name.question(appendPlaceholder(draft)),
    answer: (draft, value) => name.answer(appendPlaceholder(draft), value),
  };
}

function appendPlaceholder(draft: SpecDraft): SpecDraft {
  const placeholder: ServiceDraft = { name: '', internal_url: '', upstream: 8080 };
  return { ...draft, services: [...draft.services, placeholder] };
}

function removeService(back: () => Node): Node {
  return field({
    question: (draft) => ({
      kind: 'select',
      id: 'services.remove',
      message: 'Remove which service?',
      choices: draft.services.map((s) => ({ value: s.name, label: s.name, hint: s.internal_url })),
    }),
    set: (draft, name) => ({ ...draft, services: draft.services.filter((s) => s.name !== name) }),
    next: back,
  });
}

/** The public URL question in the words of the service's protocol: only tcp can ask ngrok to reserve an address. */
function publicUrlQuestion(protocol: ServiceProtocol | undefined): string {
  if (protocol === 'tcp') return 'Public URL (`reserve` asks ngrok for a TCP address)';
  return `Public URL, ${protocol ?? 'https'}:// on the network domain`;
}
