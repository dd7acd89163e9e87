// esbuild plugins for a scripting bundle: the program with one command and no terminal UI, in one CommonJS file
// (scripts/build.mjs). A left-out module is replaced by one that throws when loaded: source/startup/scripting-route.ts
// sends a bundle only runs that never load it, and a run that did would fail loudly rather than draw nothing.

/** Packages only a person at a terminal needs: Ink, React and the prompts (and ssh2, which no scripting run uses). */
const terminalOnly = /^(ink|ink-spinner|react|react\/jsx-runtime|@inquirer\/prompts|ssh2)$/;

/** Every other command's registration is left out of `command`'s bundle (source/commands/index.ts loads them). */
export function onlyCommand(command) {
  return {
    name: 'only-command',
    setup(build) {
      build.onResolve({ filter: /^\.\/[a-z-]+\.js$/ }, (args) =>
        args.kind === 'dynamic-import' &&
        /[\\/]source[\\/]commands[\\/]index\.ts$/.test(args.importer) &&
        args.path !== `./${command}.js`
          ? { path: args.path, namespace: 'left-out' }
          : undefined,
      );
      leaveOut(build, command);
    },
  };
}

/** The terminal UI's packages are left out of `command`'s bundle. */
export function withoutTerminalUi(command) {
  return {
    name: 'without-terminal-ui',
    setup(build) {
      build.onResolve({ filter: terminalOnly }, (args) => ({ path: args.path, namespace: 'left-out' }));
      leaveOut(build, command);
    },
  };
}

function leaveOut(build, command) {
  // CommonJS (module.exports), so esbuild takes any name imported from it as a run-time lookup.
  build.onLoad({ filter: /.*/, namespace: 'left-out' }, (args) => ({
    contents: `module.exports = (() => { throw new Error(${JSON.stringify(
      `clinic-tui: ${args.path} is not in the scripting bundle for "${command}"`,
    )}); })();`,
    loader: 'js',
  }));
}
