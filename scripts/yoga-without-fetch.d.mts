import type { Plugin } from 'esbuild';

/** The esbuild plugin: yoga-layout's WebAssembly decoded from its inline base64, never fetched. */
export function yogaWithoutFetch(): Plugin;
