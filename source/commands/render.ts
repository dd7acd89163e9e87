import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { writeJsonDocument } from '../ui/json-document.js';
import { addHelpSections } from './help.js';
import { makeDirectory, whyNot } from './preflight.js';

/** `clinic-tui render --answers FILE`: prints the ngrok.yml and cloud endpoint policies onboarding would create. */
export function registerRender(program: Command): void {
  const command = program
    .command('render')
    .description(
      'print the ngrok.yml and each cloud endpoint policy an answers file leads to (no token, no API call)',
    )
    .requiredOption('--answers <file>', 'the clinic answers file (YAML or JSON)')
    .option('--json', 'print {agent_config, cloud_endpoints} as JSON')
    .option('--out <dir>', 'also write ngrok.yml and <service>.policy.yml files into this directory');
  addHelpSections(command, {
    examples: [
      ['clinic-tui render --answers clinic1.yml', 'the ngrok.yml and each policy, as YAML'],
      ['clinic-tui render --answers clinic1.yml --json'],
      ['clinic-tui render --answers clinic1.yml --out preview/', 'also write them as files'],
    ],
    exitCodes: [
      [0, 'printed (and written with --out)'],
      [2, 'bad input (the answers file, --out); nothing was printed'],
    ],
  }).action(async (options: { answers: string; json?: boolean; out?: string }) => {
    const { loadAnswersFile } = await import('../spec/load.js');
    const { formatPreview, previewClinic } = await import('../agent-config/preview.js');
    const spec = await loadAnswersFile(options.answers);
    if (options.out !== undefined) await prepareOutDir(options.out);
    const preview = previewClinic(spec);
    if (options.json) {
      const cloud = preview.cloudEndpoints.map((e) => ({
        service: e.service,
        url: e.url,
        traffic_policy: e.policy,
      }));
      writeJsonDocument({
        agent_config: preview.agentConfig,
        cloud_endpoints: cloud,
        notes: preview.notes,
      });
    } else {
      process.stdout.write(formatPreview(spec, preview));
    }
    if (options.out) {
      const { writePreview } = await import('../agent-config/write-preview.js');
      for (const path of await writePreview(options.out, preview)) process.stderr.write(`wrote ${path}\n`);
    }
  });
}

/** Creates the --out directory, or says why it cannot be one, before anything is printed. */
async function prepareOutDir(dir: string): Promise<void> {
  try {
    if (dir === '') throw Object.assign(new Error(), { code: 'ENOENT' });
    await makeDirectory(dir);
  } catch (error) {
    throw new UserError(
      `--out ${dir || '""'} cannot be used as a directory: ${whyNot(error)}.`,
      'Give a directory to write into.',
    );
  }
}
