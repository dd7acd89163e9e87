import { isCidr } from '../../source/spec/field-values.js';
import { serviceProtocol } from '../../source/spec/url.js';
import type { WizardNode } from './engine.js';
import { field, textField } from './fields.js';
import type { ServiceDraft, SpecDraft } from './presets.js';
import { prepareSpecChecks, specChecks } from './spec-checks.js';

type Node = WizardNode<SpecDraft>;
type PublicDraft = NonNullable<ServiceDraft['public']>;

/** The word a person types to open an endpoint with no other control to the whole internet. */
export const anyoneWord = 'anyone';

function withPublic(draft: SpecDraft, index: number, change: (pub: PublicDraft) => PublicDraft): SpecDraft {
  return {
    ...draft,
    services: draft.services.map((s, i) =>
      i === index && s.public ? { ...s, public: change(s.public) } : s,
    ),
  };
}

const publicOf = (draft: SpecDraft, index: number): PublicDraft =>
  draft.services[index]?.public ?? { url: '' };
const nameOf = (draft: SpecDraft, index: number) => draft.services[index]?.name ?? '';

/** Splits "203.0.113.0/24, 2001:db8::/32" into its CIDRs. */
function cidrs(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/** What the answers file's checks would say of the list: not a CIDR, or a network address with host bits set. */
function cidrProblem(list: string[]): string | undefined {
  const bad = list.find((item) => !isCidr(item));
  if (bad !== undefined) return `${bad} is not an IPv4 or IPv6 CIDR such as 203.0.113.42/32`;
  return list.map(specChecks().cidrHostBitsProblem).find(Boolean);
}

/** Sets the allow list (none when empty), leaving allow_anyone out. */
function setAllowList(pub: PublicDraft, list: string[]): PublicDraft {
  const { allow_ips: _ips, allow_anyone: _anyone, ...rest } = pub;
  return list.length > 0 ? { ...rest, allow_ips: list } : rest;
}

/**
 * The access-control questions of every public service, one service after another from `index`, then `after`.
 * Each service is asked for the controls its kind can have (https://ngrok.com/docs/traffic-policy/actions/):
 * http and https a required header, a JWT and an IP allow list; tcp and tls an IP allow list. An endpoint left with
 * no control at all (tcp and tls without a list, http and https without a header, a JWT or a list) needs the person
 * to type `anyone`.
 */
export function accessQuestions(draft: SpecDraft, index: number, after: () => Node | null): Node | null {
  const next = draft.services.findIndex((s, i) => i >= index && s.public);
  if (next === -1) return after();
  const protocol = serviceProtocol(draft.services[next]!);
  const onward = (d: SpecDraft) => accessQuestions(d, next + 1, after);
  return protocol === 'tcp' || protocol === 'tls' ? streamAllowList(next, onward) : httpAccess(next, onward);
}

type Onward = (draft: SpecDraft) => Node | null;

/**
 * An endpoint's allow list. `required`: it is the endpoint's only control, so an empty list is refused and opening
 * it to the whole internet takes typing `anyone` (never the default: the word must be typed each time).
 */
function allowListQuestion(index: number, onward: Onward, required: (draft: SpecDraft) => boolean): Node {
  const node = field({
    question: (draft) => {
      const mustList = required(draft);
      return {
        kind: 'text',
        id: 'service.public.allow_ips',
        message: allowListMessage(draft, index, mustList),
        default: (publicOf(draft, index).allow_ips ?? []).join(', '),
        validate: (text) => {
          if (mustList && text.trim() === anyoneWord) return undefined;
          const list = cidrs(text);
          if (mustList && list.length === 0)
            return `list the addresses allowed in, such as 203.0.113.42/32, or type ${anyoneWord}`;
          return cidrProblem(list);
        },
      };
    },
    set: (draft, value) =>
      withPublic(draft, index, (pub) =>
        String(value).trim() === anyoneWord
          ? { ...setAllowList(pub, []), allow_anyone: true }
          : setAllowList(pub, cidrs(String(value))),
      ),
    next: onward,
  });
  // Its CIDRs are checked for host bits as an answers file's are (ipaddr.js, loaded after the first question).
  return { ...node, prepare: prepareSpecChecks };
}

function allowListMessage(draft: SpecDraft, index: number, required: boolean): string {
  const name = nameOf(draft, index);
  const anyone = `type ${anyoneWord} to open it to the whole internet`;
  if (!required) return `IP allow list for ${name}: addresses or CIDRs, comma-separated (empty: any address)`;
  const protocol = serviceProtocol(draft.services[index]!);
  return protocol === 'tcp' || protocol === 'tls'
    ? `Who may connect to ${name}? IP addresses or CIDRs, comma-separated (${anyone})`
    : `Who may reach ${name}? It checks no header and no JWT: IP addresses or CIDRs, comma-separated (${anyone})`;
}

/** tcp and tls have no control but the allow list. */
function streamAllowList(index: number, onward: Onward): Node {
  return allowListQuestion(index, onward, () => true);
}

function httpAccess(index: number, onward: Onward): Node {
  // With no header and no JWT the allow list is the only control left, as on tcp.
  const allowList = allowListQuestion(index, onward, (draft) => {
    const pub = publicOf(draft, index);
    return !(pub.require_header || pub.jwt);
  });
  const jwt = jwtQuestions(index, () => allowList);
  return textField({
    id: 'service.public.require_header',
    message: 'Header every request must carry, such as x-clinic-token (empty: none)',
    path: () => ['services', index, 'public', 'require_header'],
    get: (draft) => publicOf(draft, index).require_header ?? '',
    set: (draft, value) =>
      withPublic(draft, index, ({ require_header: _, ...pub }) =>
        value === '' ? pub : { ...pub, require_header: value },
      ),
    next: () => jwt,
  });
}

function jwtQuestions(index: number, after: () => Node): Node {
  const at = (key: string) => () => ['services', index, 'public', 'jwt', key];
  const jwtOf = (draft: SpecDraft) => publicOf(draft, index).jwt ?? { issuer: '', jwks_url: '' };
  const setJwt = (draft: SpecDraft, change: Partial<PublicDraft['jwt'] & object>) =>
    withPublic(draft, index, (pub) => ({ ...pub, jwt: { ...jwtOf(draft), ...change } }));
  const jwksUrl = textField({
    id: 'service.public.jwt.jwks_url',
    message: 'JWKS URL (the issuer’s public keys)',
    path: at('jwks_url'),
    get: (draft) =>
      jwtOf(draft).jwks_url || `${jwtOf(draft).issuer.replace(/\/$/, '')}/.well-known/jwks.json`,
    set: (draft, value) => setJwt(draft, { jwks_url: value }),
    next: after,
  });
  const audience = textField({
    id: 'service.public.jwt.audience',
    message: 'JWT audience (empty: any)',
    path: at('audience'),
    get: (draft) => jwtOf(draft).audience ?? '',
    set: (draft, value) =>
      withPublic(draft, index, (pub) => {
        const { audience: _, ...rest } = jwtOf(draft);
        return { ...pub, jwt: value === '' ? rest : { ...rest, audience: value } };
      }),
    next: () => jwksUrl,
  });
  const issuer = textField({
    id: 'service.public.jwt.issuer',
    message: 'JWT issuer (https://…)',
    path: at('issuer'),
    get: (draft) => jwtOf(draft).issuer,
    set: (draft, value) => setJwt(draft, { issuer: value }),
    next: () => audience,
  });
  return {
    question: (draft) => {
      const current = publicOf(draft, index).jwt;
      return {
        kind: 'select',
        id: 'service.public.jwt',
        message: `JWT for ${nameOf(draft, index)}`,
        default: current ? 'keep' : 'none',
        choices: [
          ...(current ? [{ value: 'keep', label: `Keep: JWT from ${current.issuer}` }] : []),
          {
            value: 'set',
            label: current ? 'Another issuer' : 'Check a JWT',
            hint: 'issuer, audience, JWKS URL',
          },
          { value: 'none', label: 'No JWT' },
        ],
      };
    },
    answer: (draft, value) => {
      if (value === 'set') return { draft, next: issuer };
      if (value === 'keep') return { draft, next: after() };
      return { draft: withPublic(draft, index, ({ jwt: _, ...pub }) => pub), next: after() };
    },
  };
}
