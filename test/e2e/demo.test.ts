import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStateDir, projectRoot } from '../helpers/cli.js';
import { startTmux, type TmuxSession } from '../helpers/tmux.js';

/**
 * A person runs `clinic-tui demo` in an 80×24 terminal and answers the wizard: a typo in the clinic id, Esc back
 * one question, a fourth service added with its allow list, the plan reviewed, the summary read, the fleet watched,
 * q to quit.
 * It drives the shipped bundle (dist/clinic-tui.cjs, built by test/global-setup.ts) so the artifact users run is the one tested.
 */
/** What `curl -H @file url` does: every line of the file a header. */
async function requestWithHeaderFile(file: string, url: string): Promise<{ status: number; body: string }> {
  const headers = Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes(': '))
      .map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]),
  );
  return new Promise((resolve, reject) => {
    get(url, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString();
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('clinic-tui demo in a real terminal', () => {
  let session: TmuxSession;

  beforeAll(() => {
    // CI=true makes Ink print only the final frame; a person's terminal has no CI variable.
    const command = [
      'env -u CI -u CONTINUOUS_INTEGRATION NO_COLOR=1',
      `CLINIC_TUI_HOME=${freshStateDir()}`,
      `${process.execPath} dist/clinic-tui.cjs demo; echo "EXIT=$?"; sleep 120`,
    ].join(' ');
    session = startTmux('clinic-tui-e2e-demo', `cd ${projectRoot} && ${command}`);
  }, 120_000);

  afterAll(() => session?.kill());

  it('onboards the guide clinic through the wizard and opens the sandbox fleet', async () => {
    const start = await session.waitFor('Start from', 60_000);
    expect(start).toContain('SANDBOX');
    expect(start).toContain("❯ The guide's clinic  rest-api, patient-db, operations-db");
    session.keys('Enter');

    // A typo is caught inline with the spec's own message; fixing it moves on.
    expect(await session.waitFor('Clinic id')).toContain('❯ clinic1');
    session.keys('C-u');
    session.type('Clinic 1!');
    session.keys('Enter');
    await session.waitFor('must be a DNS label');
    session.keys('C-u');
    session.type('clinic1');
    session.keys('Enter');

    // Esc goes back one question, with the earlier answer kept.
    await session.waitFor('Clinic name, for people');
    session.keys('Escape');
    expect(await session.waitFor('Clinic id')).toContain('❯ clinic1');
    session.keys('Enter');
    await session.waitFor('Clinic name, for people');
    session.keys('Enter');

    for (const prompt of [
      'Wildcard domain',
      'ngrok region',
      'Clinic host',
      'SSH port',
      'SSH user',
      'Where ngrok.yml goes',
    ]) {
      await session.waitFor(prompt);
      session.keys('Enter');
    }

    // Add a fourth service: a tcp PACS archive with a reserved address.
    expect(await session.waitFor('Services: rest-api, patient-db, operations-db')).toContain(
      'Remove a service',
    );
    session.keys('Down', 'Enter');
    await session.waitFor('Service name');
    session.type('pacs');
    session.keys('Enter');
    await session.waitFor('Protocol');
    session.keys('Down', 'Down', 'Enter');
    await session.waitFor('Where it listens');
    session.keys('C-u');
    session.type('4242');
    session.keys('Enter');
    await session.waitFor('Reach it from outside the clinic?');
    session.keys('Enter');
    expect(await session.waitFor('Public URL')).toContain('❯ reserve');
    session.keys('Enter');
    await session.waitFor('Services: rest-api, patient-db, operations-db, pacs');
    session.keys('Enter');

    // Who may reach each public service: the guide's answers are the defaults; the new database needs a list.
    for (const prompt of [
      'Header every request must carry',
      'JWT for rest-api',
      'IP allow list for rest-api',
      'Who may connect to patient-db',
      'Who may connect to operations-db',
    ]) {
      await session.waitFor(prompt);
      session.keys('Enter');
    }
    expect(await session.waitFor('Who may connect to pacs')).toContain('question 22 of 22');
    session.keys('Enter');
    await session.waitFor('list the addresses allowed in');
    session.type('203.0.113.0/24');
    session.keys('Enter');

    // The review shows the plan before anything changes.
    const plan = await session.waitFor('Apply this plan?', 90_000);
    expect(plan).toContain('+ create service user clinic-tui/clinic1');
    expect(plan).toContain('= reuse  reserved domain *.clinic-network.com');
    // The top of the plan and the question both fit on the 24-line screen (the rest scrolls).
    expect(plan).toContain('Plan for clinic1 (stage all)');
    session.keys('Enter');

    const summary = await session.waitFor('Press Enter to watch the sandbox fleet', 120_000);
    expect(summary).toContain('CNAME _acme-challenge.clinic-network.com');
    expect(summary).not.toMatch(/authtoken: (?!<)/);
    // The copyable curl line reaches the sandbox clinic's REST API through the edge, header and JWT included.
    const curl = /curl -H @(\S+) (http:\/\/127\.0\.0\.1:\d+\/)/.exec(summary.split('\n').join(''));
    expect(curl).not.toBeNull();
    const reply = await requestWithHeaderFile(curl?.[1] ?? '', curl?.[2] ?? '');
    expect(reply).toEqual({
      status: 200,
      body: expect.stringContaining('clinic REST API (sandbox stand-in)'),
    });
    session.keys('Enter');

    const fleet = await session.waitFor(/healthy\s+clinic1\s+3\.22\.1\s+1\/1\s+4\/4/, 60_000);
    expect(fleet).toContain('SANDBOX');
    expect(fleet).toMatch(/offline\s+clinic4/);
    session.keys('q');
    await session.waitFor('EXIT=0', 30_000);
  }, 300_000);
});
