import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, getAvailableTranspilers, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = join(root, 'test/fixtures/layers');
const layerDirs = ['source', 'flows'];

/** Cruises source/ and flows/ under baseDir with the repository's rules file, as `npm run layers` does. */
async function cruiseLayers(baseDir: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'));
  const tsConfig = extractTSConfig(join(root, 'tsconfig.json'));
  const dirs = layerDirs.filter((dir) => readdirSync(baseDir).includes(dir));
  const result = await cruise(dirs, { ...options, baseDir }, {}, { tsConfig });
  return result.output as ICruiseResult;
}

/** One line per violation: rule, from → to (a cycle lists its whole path); npm packages by name. */
function describeViolations(result: ICruiseResult): string[] {
  const name = (path: string) => path.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+)\/.*$/, 'npm:$1');
  return result.summary.violations.map((v) => {
    const to = v.cycle?.length ? v.cycle.map((step) => name(step.name)).join(' → ') : name(v.to);
    return `${v.rule.name}: ${v.from} → ${to}`;
  });
}

/** The .ts and .tsx files dependency-cruiser should have read under baseDir. */
function typescriptFiles(baseDir: string): string[] {
  return layerDirs
    .flatMap((dir) =>
      readdirSync(join(baseDir, dir), { recursive: true, encoding: 'utf8' }).map((file) => `${dir}/${file}`),
    )
    .filter((file) => /\.tsx?$/.test(file))
    .sort();
}

let realTree: Promise<ICruiseResult> | undefined;

/** The repository's own source/ and flows/, cruised once for every test that looks at them. */
function cruiseRealTree(): Promise<ICruiseResult> {
  realTree ??= cruiseLayers(root);
  return realTree;
}

function cruisedFiles(result: ICruiseResult): string[] {
  return result.modules
    .map((module) => module.source)
    .filter((source) => /^(source|flows)\/.*\.tsx?$/.test(source))
    .sort();
}

describe('the layers', () => {
  it('are read by a TypeScript-aware dependency-cruiser, so type-only imports can be told apart', async () => {
    const typescript = getAvailableTranspilers().find((transpiler) => transpiler.name === 'typescript');
    expect(
      typescript?.available,
      `dependency-cruiser reads .ts files only through the compiler API of typescript ${typescript?.version} ` +
        '(typescript 7 has none); without it every layer rule passes on an empty graph',
    ).toBe(true);
    const result = await cruiseRealTree();
    expect(cruisedFiles(result)).toEqual(typescriptFiles(root));
  });

  it('hold in source/ and flows/: no rule of .dependency-cruiser.cjs is broken', async () => {
    const result = await cruiseRealTree();
    expect(cruisedFiles(result).length).toBeGreaterThan(0);
    expect(describeViolations(result)).toEqual([]);
  });

  it('catch a flow importing Ink and a screen holding the ngrok client, but not a screen naming its type', async () => {
    const result = await cruiseLayers(fixture);
    expect(cruisedFiles(result)).toEqual(typescriptFiles(fixture));
    expect(describeViolations(result)).toEqual([
      'flows-no-ui: flows/x.ts → npm:ink',
      'ui-no-adapter-values: source/ui/y.ts → source/ngrok/client.ts',
    ]);
    // The type import is in the graph, marked as such: the rules see it and let it pass.
    const screen = result.modules.find((module) => module.source === 'source/ui/y.ts');
    const typeImport = screen?.dependencies.find((dep) => dep.resolved === 'source/ngrok/types.ts');
    expect(typeImport?.dependencyTypes).toContain('type-only');
  });
});
