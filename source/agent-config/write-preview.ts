import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document } from 'yaml';
import { type ClinicPreview, policyFileName } from './preview.js';

/** Writes ngrok.yml and one `<service>.policy.yml` per cloud endpoint into a directory; returns the paths. */
export async function writePreview(dir: string, preview: ClinicPreview): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: [string, string][] = [
    ['ngrok.yml', preview.agentConfigText],
    ...preview.cloudEndpoints.map((endpoint): [string, string] => [
      policyFileName(endpoint.service),
      new Document(endpoint.policy).toString({ lineWidth: 0 }),
    ]),
  ];
  const paths: string[] = [];
  for (const [name, text] of files) {
    const path = join(dir, name);
    await writeFile(path, text, { mode: 0o644 });
    paths.push(path);
  }
  return paths;
}
