import { readFile } from 'node:fs/promises';

// yoga-layout (Ink's layout engine) carries its WebAssembly inline, as a base64 data: URL, and its loader reads that
// URL with fetch whenever fetch exists. In Node, the first use of fetch loads its implementation (undici): about
// 45 ms measured here on every start of an Ink screen, for a URL that holds its own bytes. Without fetch, the same
// loader decodes the base64 itself (emscripten's own fallback), so this takes the fetch branch out of the loader.
// The build fails if the loader no longer reads as expected (a new yoga-layout), rather than silently keep fetch.
const loader = /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/;
const fetchBranch = '"function"!=typeof fetch?Promise.resolve()';

/** The esbuild plugin: yoga-layout's WebAssembly decoded from its inline base64, never fetched. */
export function yogaWithoutFetch() {
  return {
    name: 'yoga-without-fetch',
    setup(build) {
      build.onLoad({ filter: loader }, async (args) => {
        const code = await readFile(args.path, 'utf8');
        if (!code.includes(fetchBranch)) {
          throw new Error(
            `${args.path} no longer reads its WebAssembly as scripts/yoga-without-fetch.mjs expects`,
          );
        }
        return { contents: code.replace(fetchBranch, '!0?Promise.resolve()'), loader: 'js' };
      });
    },
  };
}
