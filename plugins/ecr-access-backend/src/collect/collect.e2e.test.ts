import { ConfigReader } from '@backstage/config';
import {
  awsFactsNeeded,
  ClusterConfig,
} from '@ecr-access/plugin-ecr-access-node';
import type { Sandbox } from '@ecr-access/sandbox';
import { SdkAwsClients } from '@ecr-access/plugin-ecr-access-node/clients';
import { readAwsFacts } from './awsFacts';
import { collectCluster, ClusterCollection } from './collectCluster';
import { ClusterUnreachableError } from './errors';
import {
  DEMO_AWS_ACCOUNTS,
  DEMO_SCENARIO,
  expectNoCanary,
  useSandbox,
} from '@ecr-access/test-utils';
import { createKubernetesGet } from './kubernetesClient';
import { LISTED_KINDS } from './kubernetesKinds';

// End to end over real HTTP: the sandbox's simulated API servers and AWS endpoint, with
// node-fetch through client-node's KubeConfig and the real AWS SDK v3 clients.

describe('collection from the demo scenario', () => {
  let sandbox: Sandbox;

  useSandbox({
    scenario: DEMO_SCENARIO,
    region: 'us-east-1',
    // The default credential chain's keys: a client given no account's keys reads them.
    env: {
      AWS_ACCESS_KEY_ID: 'AKIAECRACCESSDEMO0001',
      AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
    },
    started: running => {
      sandbox = running;
    },
  });

  function clusterConfig(name: string): ClusterConfig {
    const c = sandbox.clusters.find(x => x.name === name)!;
    return {
      name: c.name,
      accountId: c.account,
      region: c.region,
      oidcIssuer: c.oidcIssuer,
      imagePullAuth: c.imagePullAuth,
    };
  }

  async function collect(name: string): Promise<ClusterCollection> {
    const c = sandbox.clusters.find(x => x.name === name)!;
    return collectCluster(
      clusterConfig(name),
      createKubernetesGet({ name, url: c.url, token: c.token }),
    );
  }

  it('reads each cluster with one LIST per kind, however many workloads it has', async () => {
    sandbox.resetRequestCounts();
    const prod = await collect('prod-use1');
    expect(prod.snapshot.deployments!.length).toBeGreaterThan(15);
    expect(prod.snapshot.serviceAccounts!.length).toBeGreaterThan(15);
    expect(prod.errors).toEqual([]);
    // One page each at the default page size: exactly one request per kind, plus one GET of
    // the ConfigMap seed 002's refresher CronJob loads (health-check/ecr-registry-helper-cm),
    // plus one metadata-only lookup of the one pull secret a workload names that no list
    // returned (notifications/ecr-pull: it does not exist, so one request tells).
    expect({
      requests: prod.requests,
      forbidden: prod.snapshot.forbidden,
    }).toEqual({
      requests: LISTED_KINDS.length + 1 + 1,
      forbidden: {},
    });
  });

  it('never holds secret data: Secrets as metadata only, no env values', async () => {
    const prod = await collect('prod-use1');
    expect(prod.snapshot.secrets!.length).toBeGreaterThan(0);
    expectNoCanary(sandbox, prod.snapshot);
    for (const secret of prod.snapshot.secrets!) {
      expect(Object.keys(secret as object).sort()).toEqual([
        'apiVersion',
        'kind',
        'metadata',
        'type',
      ]);
    }
  });

  it('fails fast on a cluster that is down', async () => {
    await expect(collect('edge-euw1')).rejects.toBeInstanceOf(
      ClusterUnreachableError,
    );
  });

  it('reads each referenced role, account and repository once through the AWS SDK', async () => {
    const needed = awsFactsNeeded((await collect('prod-use1')).snapshot);
    // The sandbox's two accounts, as `aws.accounts` would name them in app-config.
    const clients = SdkAwsClients.fromConfig(
      new ConfigReader({ aws: { accounts: DEMO_AWS_ACCOUNTS } }),
    );
    const { facts, operations, errors } = await readAwsFacts(needed, clients);
    expect(errors).toEqual([]);
    expect(operations['iam:GetRole']).toBe(needed.roleArns.length);
    // Every existing repository's policy, the cluster's own account's too (a same-account
    // repository policy can deny, or grant the role without an identity Allow).
    const existing = facts.repositories!.filter(r => r.exists);
    expect(operations['ecr:GetRepositoryPolicy']).toBe(existing.length);
    expect(existing.some(r => r.accountId === '111122223333')).toBe(true);
    const payments = facts.roles!.find(r =>
      r.arn.endsWith('/irsa-payments-api'),
    )!;
    expect(payments.exists).toBe(true);
    expect(decodeURIComponent(payments.trustPolicy as string)).toContain(
      'sts:AssumeRoleWithWebIdentity',
    );
    expect(payments.permissionsBoundary).toBeDefined();
    expect(
      facts.roles!.find(r => r.arn.endsWith('/does-not-exist'))?.exists ??
        false,
    ).toBe(false);
    expect(Object.keys(facts.oidcProviders!)).toEqual(
      expect.arrayContaining(['111122223333']),
    );
    expect(facts.repositories!.some(r => r.name === 'payments/api')).toBe(true);
  });
});
