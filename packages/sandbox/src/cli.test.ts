import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main, parseArgs } from './cli';

const DEMO = resolve(__dirname, '../../../examples/sandbox/demo.yaml');

describe('sandbox CLI', () => {
  it('starts the demo scenario and prints where each API listens', async () => {
    const lines: string[] = [];
    const out = join(
      mkdtempSync(join(tmpdir(), 'sandbox-')),
      'app-config.sandbox.yaml',
    );
    const sandbox = await main(
      ['--scenario', DEMO, '--app-config', out, '--anonymous'],
      line => lines.push(line),
    );
    try {
      const text = lines.join('\n');
      expect(text).toContain('SIMULATED');
      expect(text).toContain(
        `AWS (IAM, STS, EKS, ECR)  ${sandbox.awsEndpoint}`,
      );
      for (const cluster of sandbox.clusters)
        expect(text).toContain(`cluster ${cluster.name}  ${cluster.url}`);
      expect(text).toMatch(/edge-euw1 .*DOWN/);
      expect(readFileSync(out, 'utf8')).toContain('clusterLocatorMethods');

      // What `curl` (or kubectl with --anonymous) sees: the demo workloads.
      const prod = sandbox.clusters[0];
      const response = await fetch(`${prod.url}/apis/apps/v1/deployments`, {
        headers: { authorization: `Bearer ${prod.token}` },
      });
      const names = (await response.json()).items.map(
        (d: any) => d.metadata.name,
      );
      expect(names).toEqual(
        expect.arrayContaining([
          'payments-api',
          'orders-worker',
          'legacy-billing',
        ]),
      );
      const anonymous = await fetch(`${prod.url}/apis/apps/v1/deployments`);
      expect(anonymous.status).toBe(200);
    } finally {
      await sandbox.stop();
    }
  });

  it('parses --generate, --port and flags', () => {
    // Fixed ports themselves are not exercised here: test servers listen on random ports only.
    expect(
      parseArgs([
        '--generate',
        '20',
        '--clusters',
        '2',
        '--port',
        '7100',
        '--anonymous',
      ]),
    ).toEqual({
      generate: { entities: 20, clusters: 2, seed: 1 },
      port: 7100,
      anonymous: true,
    });
  });

  it('generates a scenario and writes its catalog entities', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'sandbox-')), 'entities.yaml');
    const sandbox = await main(
      ['--generate', '30', '--clusters', '2', '--entities-out', out],
      () => {},
    );
    try {
      expect(sandbox.clusters).toHaveLength(2);
      const entities = readFileSync(out, 'utf8').split('---\n');
      expect(entities).toHaveLength(30);
      expect(entities[0]).toContain('backstage.io/kubernetes-id: svc-00000');
    } finally {
      await sandbox.stop();
    }
  });

  it('explains bad arguments', () => {
    expect(() => parseArgs([])).toThrow(/Usage: sandbox --scenario/);
    expect(() => parseArgs(['--port', 'x', '--scenario', 'a'])).toThrow(
      '--port expects a whole number, got "x"',
    );
    expect(() => parseArgs(['--nope'])).toThrow('Unknown option "--nope"');
  });
});
