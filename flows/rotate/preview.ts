import type { RotateCtx } from './types.js';

/** What a person confirms before a rotation, as plain data: no connection, no token. */
export interface RotationPreview {
  clinic: string;
  /** Each host as `user@address[:port]:config path`. */
  hosts: string[];
  /** The credential the clinic runs now, which the rotation replaces. */
  credentialId: string;
  /** That credential's generation; the new one gets the next. */
  generation: number;
  endpointCount: number;
  /** True when the new agent comes up beside the old one, so the clinic stays reachable. */
  pooled: boolean;
}

/** The preview of a prepared rotation. */
export function rotationPreview(ctx: RotateCtx): RotationPreview {
  return {
    clinic: ctx.clinic,
    hosts: ctx.hosts.map(({ spec, configPath }) => {
      const port = spec.port === 22 ? '' : `:${spec.port}`;
      return `${spec.user}@${spec.address}${port}:${configPath}`;
    }),
    credentialId: ctx.oldCredential.id,
    generation: ctx.generation,
    endpointCount: ctx.config.endpointUrls.length,
    pooled: ctx.config.pooled,
  };
}
