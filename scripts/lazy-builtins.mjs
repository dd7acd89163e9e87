// commander loads node:child_process at its top for executable subcommands, which clinic-tui has none of: every run
// parses its arguments with commander, and loading child_process (with node:net and node:dgram when nothing else
// has) costs a short run some milliseconds. commander's import gets a stand-in that loads the built-in on first
// use instead, so executable subcommands would still work if one were ever added.
const lazy = [{ importer: /[\\/]node_modules[\\/]commander[\\/]/, builtin: 'node:child_process' }];

/** The esbuild plugin: the built-in above, loaded on first use by the package above. */
export function lazyBuiltins() {
  return {
    name: 'lazy-builtins',
    setup(build) {
      build.onResolve({ filter: /^node:child_process$/ }, (args) =>
        lazy.some((entry) => entry.builtin === args.path && entry.importer.test(args.importer))
          ? { path: args.path, namespace: 'lazy-builtin' }
          : undefined,
      );
      // CommonJS, so esbuild looks names up at run time. `__esModule` is answered without loading: esbuild's
      // interop asks it when the stand-in is imported.
      build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
        contents: [
          'let loaded;',
          'module.exports = new Proxy({}, {',
          `  get: (_, key) => (key === '__esModule' ? undefined : (loaded ??= require(${JSON.stringify(args.path)}))[key]),`,
          '});',
        ].join('\n'),
        loader: 'js',
      }));
    },
  };
}
