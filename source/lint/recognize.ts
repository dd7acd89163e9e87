import { isRecord } from '../policy/finding.js';

/** What a file given to `clinic-tui lint` turned out to be. */
export type FileKind = 'agent-config' | 'policy' | 'request-body' | 'answers';

export const kindLabels: Record<FileKind, string> = {
  'agent-config': 'ngrok agent config',
  policy: 'Traffic Policy',
  'request-body': 'ngrok API endpoint request body',
  answers: 'clinic-tui answers file',
};

/** Recognises a parsed file by its keys; undefined when it is none of the kinds lint knows. */
export function recognize(data: unknown): FileKind | undefined {
  if (!isRecord(data)) return undefined;
  const keys = Object.keys(data);
  if (data.version === 1 || keys.includes('clinic') || keys.includes('services')) return 'answers';
  if (
    data.version === 3 ||
    data.version === '3' ||
    ['agent', 'endpoints', 'tunnels'].some((k) => keys.includes(k))
  )
    return 'agent-config';
  if (keys.some((key) => key.startsWith('on_'))) return 'policy';
  if (
    keys.includes('traffic_policy') ||
    data.type === 'cloud' ||
    (keys.includes('url') && keys.includes('bindings'))
  )
    return 'request-body';
  return undefined;
}
