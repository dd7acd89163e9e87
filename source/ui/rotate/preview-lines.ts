import type { RotationPreview } from '../../../flows/rotate/preview.js';

/** What the person confirms: which hosts, which credential, and how the switch will go. */
export function previewLines(preview: RotationPreview): string[] {
  const switchLine = preview.pooled
    ? 'Pooled: the new agent comes up beside the old one, so the clinic stays reachable.'
    : 'Not pooled: the clinic is unreachable while its ngrok service restarts (a few seconds).';
  const endpoints = `${preview.endpointCount} endpoint${preview.endpointCount === 1 ? '' : 's'}`;
  return [
    `Host ${preview.hosts.join(', ')}`,
    `Credential ${preview.credentialId} (generation ${preview.generation}), ${endpoints}`,
    switchLine,
  ];
}
