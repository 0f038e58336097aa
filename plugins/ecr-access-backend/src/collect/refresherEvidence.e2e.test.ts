import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import type { Sandbox } from '@ecr-access/sandbox';
import { expectNoCanary } from '@ecr-access/test-utils';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import { kubernetesRequest, postObject } from '../__testUtils__/sandboxWrites';
import {
  cronJobRun,
  dockerConfigSecret,
  ManifestObject,
  publicCaseFile,
} from '../__fixtures__/manifests';
import { ago, HOUR, REGISTRY } from '../__fixtures__/prodCluster';
import { seed002Objects } from '../__fixtures__/seed002';
import {
  EXTERNAL_SECRET_CASES,
  REFRESHER_EVIDENCE_SCENARIO,
  refresherEvidenceEntities,
} from './__fixtures__/refresherEvidenceScenario';

jest.setTimeout(180_000);

// Review 8's cases 4 and 5 end to end over HTTP: objects written through the sandbox's
// Kubernetes API, the real collectors, the plugin's start-up audit and its status route. A
// refresher's own word (Ready=True, a CronJob's last success) is checked against the
// ExternalSecret's interval and policy and the secret's last data write (managedFields).

const CLUSTER = 'narrow';

async function setRefreshPolicy(
  sandbox: Sandbox,
  name: string,
  policy: string,
) {
  await kubernetesRequest(
    sandbox,
    CLUSTER,
    'PATCH',
    `/apis/external-secrets.io/v1/namespaces/${name}/externalsecrets/${name}`,
    { spec: { refreshPolicy: policy } },
    'application/merge-patch+json',
  );
}

/**
 * Seed 002 in `ns`: its CronJob's last run succeeded `successAt`; its regcred is the
 * scenario's (seedsilent) or written now by kubectl-create, seconds before the run completes.
 */
async function applySeed002(
  sandbox: Sandbox,
  ns: string,
  writeRegcred: boolean,
) {
  const objects = seed002Objects(ns, sandbox.canary);
  const namespace = objects.filter(o => o.kind === 'Namespace');
  // seedsilent's namespace and regcred are the scenario's; seed's are made here, in order.
  if (writeRegcred) {
    for (const object of namespace) await postObject(sandbox, CLUSTER, object);
    const regcred = dockerConfigSecret(
      ns,
      'regcred',
      sandbox.canary,
      `https://${REGISTRY}`,
    );
    await postObject(sandbox, CLUSTER, regcred, 'kubectl-create');
  }
  const successAt = writeRegcred ? new Date().toISOString() : ago(HOUR);
  let cronJob: ManifestObject | undefined;
  for (const object of objects.filter(o => o.kind !== 'Namespace')) {
    if (object.kind === 'CronJob')
      object.status = { lastSuccessfulTime: successAt };
    const created = await postObject(sandbox, CLUSTER, object);
    if (object.kind === 'CronJob') cronJob = created;
  }
  await postObject(
    sandbox,
    CLUSTER,
    cronJobRun(cronJob!, 'succeeded', successAt),
  );
}

/** nabsul/k8s-ecr-login-renew as its chart installs it, last success 1 h ago; it writes analytics. */
async function applyLoginRenew(sandbox: Sandbox) {
  let cronJob: ManifestObject | undefined;
  for (const object of publicCaseFile('node-role/k8s-ecr-login-renew.yaml')) {
    if (object.kind === 'CronJob')
      object.status = { lastSuccessfulTime: ago(HOUR) };
    const created = await postObject(sandbox, CLUSTER, object);
    if (object.kind === 'CronJob') cronJob = created;
  }
  await postObject(
    sandbox,
    CLUSTER,
    cronJobRun(cronJob!, 'succeeded', ago(HOUR)),
  );
  const secret = dockerConfigSecret(
    'analytics',
    'ecr.docker-login',
    sandbox.canary,
    REGISTRY,
  );
  await postObject(sandbox, CLUSTER, secret, 'k8s-ecr-login-renew');
}

describe('refreshers judged by their interval, policy and last write, over HTTP', () => {
  const audited = useAuditedSandbox({
    scenario: REFRESHER_EVIDENCE_SCENARIO,
    entities: refresherEvidenceEntities([
      ...Object.keys(EXTERNAL_SECRET_CASES),
      'renewother',
      'analytics-etl',
      'seed',
      'seedsilent',
    ]),
    before: async sandbox => {
      await setRefreshPolicy(sandbox, 'esoonce', 'CreatedOnce');
      await setRefreshPolicy(sandbox, 'esochange', 'OnChange');
      await applyLoginRenew(sandbox);
      await applySeed002(sandbox, 'seed', true);
      await applySeed002(sandbox, 'seedsilent', false);
    },
  });

  async function status(name: string) {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    expectNoCanary(audited.sandbox, res.body);
    return res.body as {
      health: string;
      summary: string;
      mechanisms: string[];
      findings: Finding[];
    };
  }
  const findings = async (name: string) =>
    (await status(name)).findings.map(f => `${f.code}: ${f.message}`);

  it('an hourly ExternalSecret last refreshed 9 h ago is failing, though Ready=True lingers', async () => {
    expect(await status('esostale')).toMatchObject({ health: 'error' });
    expect(await findings('esostale')).toEqual([
      'REFRESHER_FAILING: ExternalSecret esostale/esostale last refreshed 9 h ago, though its refreshInterval is 1h',
    ]);
  });

  it.each(['esoonce', 'esochange'])(
    '%s (refreshPolicy CreatedOnce / OnChange) is a static secret that expires in 3 h',
    async name => {
      const s = await status(name);
      expect(s).toMatchObject({
        health: 'warning',
        mechanisms: ['static-secret'],
      });
      expect(await findings(name)).toEqual([
        expect.stringMatching(
          /^SECRET_EXPIRES_SOON: the ECR token in ecr-token expires in [23] h and nothing refreshes it/,
        ),
      ]);
    },
  );

  it('an ExternalSecret drawing from a ClusterGenerator is unknown, never "nothing refreshes it"', async () => {
    const s = await status('esocg');
    expect(s.health).toBe('unknown');
    expect(await findings('esocg')).toEqual([
      'OBJECTS_NOT_READABLE: ExternalSecret esocg/esocg draws from ClusterGenerator esocg-generator, which is not read, so whether it writes a fresh ECR token is unknown',
    ]);
  });

  it('the controls stay ok: a fresh ExternalSecret, and k8s-ecr-login-renew in its target namespace', async () => {
    for (const name of ['esofresh', 'analytics-etl']) {
      expect(await status(name)).toMatchObject({
        health: 'ok',
        mechanisms: ['rotating-secret'],
        findings: [],
      });
    }
  });

  it("k8s-ecr-login-renew's secret name outside TARGET_NAMESPACE: its success is not this secret's refresh", async () => {
    expect(await status('renewother')).toMatchObject({ health: 'error' });
    expect(await findings('renewother')).toEqual([
      'REFRESHER_FAILING: CronJob ecr-renew/cron-k8s-ecr-login-renew last succeeded 1 h ago, but Secret renewother/ecr.docker-login was last written 5 h ago by kubectl-create: its runs do not rewrite this secret',
    ]);
  });

  it('seed 002 verbatim is ok: its Job writes regcred and completes seconds later', async () => {
    expect(await status('seed')).toMatchObject({
      health: 'ok',
      mechanisms: ['rotating-secret'],
      findings: [],
    });
  });

  it('seed 002 whose run "succeeds" without writing regcred is failing', async () => {
    expect(await findings('seedsilent')).toEqual([
      'REFRESHER_FAILING: CronJob seedsilent/ecr-registry-helper last succeeded 1 h ago, but Secret seedsilent/regcred was last written 5 h ago by kubectl-create: its runs do not rewrite this secret',
    ]);
  });
});
