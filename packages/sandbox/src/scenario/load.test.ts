import { resolve } from 'node:path';
import {
  loadScenarioFile,
  parseScenario,
  parseScenarioYaml,
  ScenarioError,
} from './load';
import { smallScenario } from '../__fixtures__/smallScenario';
import { resolveTime } from '../time';

const EXAMPLES = resolve(__dirname, '../../../../examples/sandbox');

function problemsOf(input: unknown): string[] {
  try {
    parseScenario(input);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  return [];
}

describe('scenario loading', () => {
  it('accepts the test scenario and fills defaults', () => {
    const scenario = parseScenario(smallScenario);
    expect(scenario.clusters[0].nodes).toBe(2);
    expect(scenario.accounts[0].roles[0].path).toBe('/irsa/');
  });

  it('names the bad field with its path', () => {
    const bad = structuredClone(smallScenario) as any;
    bad.clusters[0].workloads[3].images[0] = 'has space';
    bad.clusters[1].imagePullAuth = 'magic';
    bad.clusters[0].pullSecrets[0].lastWritten = 'yesterday';
    const problems = problemsOf(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^clusters\[0\]\.workloads\[3\]\.images\[0\]: expected an image reference/,
        ),
        expect.stringMatching(/^clusters\[1\]\.imagePullAuth: /),
        expect.stringMatching(
          /^clusters\[0\]\.pullSecrets\[0\]\.lastWritten: expected "now"/,
        ),
      ]),
    );
  });

  it('rejects unknown fields and unknown references', () => {
    expect(
      problemsOf({
        clusters: [
          {
            name: 'a',
            account: '111122223333',
            region: 'us-east-1',
            imagePullAuth: 'node-role',
            colour: 'red',
          },
        ],
      })[0],
    ).toMatch(/^clusters\[0\]: Unrecognized key/);
    const badRef = structuredClone(smallScenario) as any;
    badRef.accounts[0].roles[0].trust.irsa[0].cluster = 'nope';
    expect(problemsOf(badRef)).toEqual([
      'accounts[0].roles[0].trust.irsa[0].cluster: unknown cluster "nope"',
    ]);
    const badSchedule = structuredClone(smallScenario) as any;
    badSchedule.clusters[0].refreshers[0].schedule = 'every hour';
    expect(problemsOf(badSchedule)[0]).toMatch(
      /^clusters\[0\]\.refreshers\[0\]\.schedule: expected five cron fields/,
    );
  });

  it('reports YAML syntax errors', () => {
    expect(() => parseScenarioYaml('clusters: [', 'broken.yaml')).toThrow(
      /Invalid scenario broken.yaml:\n {2}not valid YAML/,
    );
  });

  it('resolves relative times against now', () => {
    const now = new Date('2026-01-10T12:00:00Z');
    expect(resolveTime('30h ago', now).toISOString()).toBe(
      '2026-01-09T06:00:00.000Z',
    );
    expect(resolveTime('2d ago', now).toISOString()).toBe(
      '2026-01-08T12:00:00.000Z',
    );
    expect(resolveTime('in 3h', now).toISOString()).toBe(
      '2026-01-10T15:00:00.000Z',
    );
    expect(resolveTime('now', now).toISOString()).toBe(now.toISOString());
  });

  it('loads every example scenario', () => {
    for (const file of ['demo.yaml']) {
      expect(
        loadScenarioFile(resolve(EXAMPLES, file)).clusters.length,
      ).toBeGreaterThan(0);
    }
  });
});
