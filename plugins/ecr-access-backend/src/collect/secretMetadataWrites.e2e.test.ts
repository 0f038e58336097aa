import type { EntityStatus } from '@ecr-access/plugin-ecr-access-common';
import type { Sandbox } from '@ecr-access/sandbox';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import { kubernetesRequest } from '../__testUtils__/sandboxWrites';
import {
  SECRET_METADATA_WRITES_SCENARIO,
  secretMetadataWritesEntities,
} from './__fixtures__/secretMetadataWritesScenario';

jest.setTimeout(120_000);

// A pull secret's token is dated by the write of its data, not by a later write of its
// metadata, end to end over HTTP: regcred is labelled through the sandbox's Kubernetes API as
// `kubectl label` does it (a merge patch, field manager kubectl-label, which the API server
// records as a managedFields entry of its own), then the plugin's scheduled audit reads the
// secret's metadata with the real collector, classifies, stores and serves it.
const HOUR = 3600_000;

/** `kubectl label secret <name> team=<team> -n <namespace>`. */
async function kubectlLabel(sandbox: Sandbox, namespace: string, name: string) {
  await kubernetesRequest(
    sandbox,
    'prod',
    'PATCH',
    `/api/v1/namespaces/${namespace}/secrets/${name}?fieldManager=kubectl-label`,
    { metadata: { labels: { team: namespace } } },
    'application/merge-patch+json',
  );
}

describe('a pull secret labelled after its token was written, over HTTP', () => {
  let labelled: Array<{ manager: string; time: string }> = [];
  const audited = useAuditedSandbox({
    scenario: SECRET_METADATA_WRITES_SCENARIO,
    entities: secretMetadataWritesEntities(),
    before: async sandbox => {
      await kubectlLabel(sandbox, 'shop', 'regcred');
      await kubectlLabel(sandbox, 'health-check', 'regcred');
      const secret = await kubernetesRequest(
        sandbox,
        'prod',
        'GET',
        '/api/v1/namespaces/shop/secrets/regcred',
      );
      labelled = secret.metadata.managedFields;
    },
  });

  async function status(name: string): Promise<EntityStatus> {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body;
  }

  it('the label is a write of its own, newer than the token’s', () => {
    expect(labelled.map(e => e.manager)).toEqual([
      'kubectl-create',
      'kubectl-label',
    ]);
    expect(Date.now() - Date.parse(labelled[1].time)).toBeLessThan(5 * 60_000);
  });

  it('says the token written 20 h ago expired 8 h ago, an error, not "expires in 11 h"', async () => {
    const web = await status('web');
    expect(web.health).toBe('error');
    const container = web.workloads[0].containers[0];
    expect(container.pullAuth).toBe('static-secret');
    expect(container.findings.map(f => f.code)).toEqual(['SECRET_EXPIRED']);
    expect(container.findings[0]).toMatchObject({
      severity: 'error',
      message: expect.stringContaining('expired 8 h ago (written 20 h ago)'),
    });
    const written = Date.parse(container.secret!.lastWriteAt!);
    expect(Math.abs(Date.now() - 20 * HOUR - written)).toBeLessThan(HOUR / 6);
    expect(container.secret!.writer).toBe('kubectl-create');
  });

  it('still reads seed 002’s regcred as rotated by ecr-registry-helper 3 h ago, written by kubectl-create', async () => {
    const healthCheck = await status('health-check');
    expect(healthCheck.health).toBe('ok');
    const container = healthCheck.workloads[0].containers[0];
    expect(container).toMatchObject({
      pullAuth: 'rotating-secret',
      findings: [],
      secret: {
        name: 'regcred',
        writer: 'kubectl-create',
        refresher: { kind: 'CronJob', name: 'ecr-registry-helper' },
      },
    });
    const written = Date.parse(container.secret!.lastWriteAt!);
    expect(Math.abs(Date.now() - 3 * HOUR - written)).toBeLessThan(HOUR / 6);
  });
});
