// `node --import <this file>` logs every module the process loads (see hooks.mjs), every CommonJS bundle the bin
// compiles through node:vm (its scripting bundles load that way, not through the module loader), and at exit the
// Node built-ins the process loaded (`node:<name>` lines).
import { appendFileSync } from 'node:fs';
import { register, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

register('./hooks.mjs', import.meta.url);

const logFile = process.env.CLINIC_TUI_MODULE_LOG;
if (logFile) {
  const Script = vm.Script;
  vm.Script = class LoggedScript extends Script {
    constructor(code, options) {
      super(code, options);
      if (options?.filename) appendFileSync(logFile, `${pathToFileURL(options.filename).href}\n`);
    }
  };
  syncBuiltinESMExports();
  process.on('exit', () => {
    const builtins = process.moduleLoadList
      .filter((entry) => entry.startsWith('NativeModule ') && !entry.includes('internal/'))
      .map((entry) => `node:${entry.slice('NativeModule '.length)}\n`);
    appendFileSync(logFile, builtins.join(''));
  });
}
