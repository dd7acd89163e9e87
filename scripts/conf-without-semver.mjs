// What the bundle gives conf in place of semver. conf compares versions only to run `migrations` up to a
// `projectVersion`, and clinic-tui passes neither (source/store/conf-store.ts), so the 28 KB of semver would be
// loaded and compiled by every command that opens a state file, and never used.

function notBundled() {
  throw new Error('conf was given migrations, but the bundle leaves semver out (see scripts/build.mjs)');
}

/** Stands in for the semver functions conf calls while migrating (eq, clean, satisfies, lte, gt). */
export default { eq: notBundled, clean: notBundled, satisfies: notBundled, lte: notBundled, gt: notBundled };
