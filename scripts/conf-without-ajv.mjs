// What the bundle gives conf in place of ajv and ajv-formats. conf builds a JSON Schema validator only when handed
// a schema, and clinic-tui hands it none (zod checks the state files: source/store/conf-store.ts), so the ~200 KB
// of ajv would be loaded and compiled by every command that opens a state file, and never used.

/** Stands in for ajv's Ajv2020 class: constructing it means a schema reached conf. */
export class Ajv2020 {
  constructor() {
    throw new Error('conf was given a JSON Schema, but the bundle leaves ajv out (see scripts/build.mjs)');
  }
}

/** Stands in for ajv-formats' default export, which conf reads only alongside Ajv2020. */
export default {};
