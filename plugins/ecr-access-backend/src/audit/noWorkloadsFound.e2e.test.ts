import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import { kubernetesRequest } from '../__testUtils__/sandboxWrites';
import {
  NO_WORKLOADS_SCENARIO,
  noWorkloadsEntities,
} from './__fixtures__/noWorkloadsScenario';

jest.setTimeout(120_000);

// "Nothing found" is not "healthy", end to end over HTTP: the sandbox's cluster, the real
// collectors, the plugin's scheduled start-up audit and its API. An entity whose only
// workload is of a kind the audit does not list (a bare Pod), or that runs nowhere, is
// unknown with NO_WORKLOADS_FOUND, and never counted or listed as ok.
describe('an entity with no workload the audit reads', () => {
  const audited = useAuditedSandbox({
    scenario: NO_WORKLOADS_SCENARIO,
    entities: noWorkloadsEntities(),
  });

  async function status(name: string) {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body as {
      health: string;
      checked: boolean;
      summary: string;
      workloads: unknown[];
      findings: Finding[];
    };
  }

  it("serves worker's bare Pod with the entity's label: it runs, unchecked", async () => {
    const pods = await kubernetesRequest(
      audited.sandbox,
      'prod',
      'GET',
      '/api/v1/namespaces/shop/pods?labelSelector=backstage.io%2Fkubernetes-id%3Dworker',
    );
    expect(
      pods.items.map((p: { metadata: { name: string } }) => p.metadata.name),
    ).toEqual(['worker-7d9f8']);
  });

  it.each(['worker', 'mobile-bff'])(
    '%s is unknown with NO_WORKLOADS_FOUND naming the cluster searched',
    async name => {
      const s = await status(name);
      expect(s).toMatchObject({
        health: 'unknown',
        checked: true,
        workloads: [],
        summary: 'No workloads found',
      });
      expect(s.findings).toEqual([
        expect.objectContaining({
          code: 'NO_WORKLOADS_FOUND',
          severity: 'unknown',
          subject: `entity component:default/${name}`,
          message: expect.stringMatching(
            /backstage\.io\/kubernetes-id.* on cluster prod; finished Jobs and workloads of other kinds are not checked/,
          ),
        }),
      ]);
    },
  );

  it('is not listed or counted as ok on the audit page, and its finding finds it', async () => {
    expect(await status('web')).toMatchObject({ health: 'ok' });
    const refs = (body: { items: Array<{ entityRef: string }> }) =>
      body.items.map(i => i.entityRef).sort();
    const ok = await audited.plugin.get('/audit?health=ok');
    expect(ok.status).toBe(200);
    expect(refs(ok.body)).toEqual(['component:default/web']);
    const unknown = await audited.plugin.get('/audit?health=unknown');
    expect(refs(unknown.body)).toEqual([
      'component:default/mobile-bff',
      'component:default/worker',
    ]);
    const all = await audited.plugin.get('/audit');
    expect(all.body.summary.byHealth).toMatchObject({ ok: 1, unknown: 2 });
    const found = await audited.plugin.get('/audit?finding=NO_WORKLOADS_FOUND');
    expect(found.status).toBe(200);
    expect(refs(found.body)).toEqual([
      'component:default/mobile-bff',
      'component:default/worker',
    ]);
  });
});
