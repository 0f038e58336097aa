import type { Finding } from '@ecr-access/plugin-ecr-access-common';
import { useAuditedSandbox } from '../__testUtils__/auditingBackend';
import {
  pullThroughCacheEntities,
  pullThroughCacheScenario,
} from './__fixtures__/pullThroughCacheScenario';

jest.setTimeout(120_000);

// Pull-through cache repositories end to end over HTTP: the sandbox's ECR answers
// DescribePullThroughCacheRules with the registry's rules (docker-hub, ecr-public), the real
// collector reads them once per registry, and the plugin's scheduled audit serves each
// entity as its node role would fare: a first pull needs ecr:CreateRepository and
// ecr:BatchImportUpstreamImage, a new tag of a cached repository the import.

type Status = { health: string; summary: string; findings: Finding[] };

function statusOf(audited: ReturnType<typeof useAuditedSandbox>) {
  return async (name: string): Promise<Status> => {
    const res = await audited.plugin.get(
      `/entities/component/default/${name}/status`,
    );
    expect(res.status).toBe(200);
    return res.body as Status;
  };
}

const codes = (s: Status) => s.findings.map(f => f.code).sort();

describe('images under pull-through cache rules', () => {
  const audited = useAuditedSandbox({
    scenario: pullThroughCacheScenario(),
    entities: pullThroughCacheEntities(),
  });
  const status = statusOf(audited);

  it('a first pull by a node role allowed to create and import is ok, not "not found"', async () => {
    const redis = await status('redis-cache');
    expect(codes(redis)).toEqual([]);
    expect(redis.health).toBe('ok');
  });

  it('a first pull by PullOnly is ok where the registry permissions policy grants the rest', async () => {
    const redis = await status('redis-registry');
    expect(codes(redis)).toEqual([]);
    expect(redis.health).toBe('ok');
  });

  it('a first pull by PullOnly alone fails for want of ecr:CreateRepository', async () => {
    const redis = await status('redis-pullonly');
    expect(redis.health).toBe('error');
    expect(codes(redis)).toEqual(['ROLE_LACKS_ECR_PULL']);
    expect(redis.findings[0].message).toContain(
      'the pull-through cache rule docker-hub creates it on the first pull',
    );
    expect(redis.findings[0].message).toContain(
      'is not allowed ecr:CreateRepository for arn:aws:ecr:us-east-1:111122223333:repository/docker-hub/library/redis',
    );
  });

  it("a first pull by seed 000's policy fails for want of both actions", async () => {
    const redis = await status('redis-seed0');
    expect(redis.health).toBe('error');
    expect(codes(redis)).toEqual(['ROLE_LACKS_ECR_PULL']);
    expect(redis.findings[0].message).toContain(
      'is not allowed ecr:CreateRepository, ecr:BatchImportUpstreamImage',
    );
    // The sentence says the pull fails, as the health does.
    expect(redis.summary).toMatch(
      /^Pulls with the node role fail: repository docker-hub\/library\/redis does not exist yet/,
    );
  });

  it('a cached repository pulls with PullOnly (it imports new tags)', async () => {
    const nginx = await status('nginx-pullonly');
    expect(codes(nginx)).toEqual([]);
    expect(nginx.health).toBe('ok');
  });

  it("a cached repository warns with seed 000's policy and with ReadOnly: new tags fail", async () => {
    const seed0 = await status('nginx-seed0');
    expect(seed0.health).toBe('warning');
    expect(codes(seed0)).toEqual(['ROLE_LACKS_ECR_PULL']);
    expect(seed0.findings[0]).toMatchObject({
      severity: 'warning',
      subject: 'IAM role arn:aws:iam::111122223333:role/eks-node-seed0',
    });
    expect(seed0.findings[0].message).toContain(
      'is not allowed ecr:BatchImportUpstreamImage for arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/nginx/nginx, a repository of the pull-through cache rule ecr-public',
    );
    const readOnly = await status('nginx-readonly');
    expect(readOnly.health).toBe('warning');
    expect(codes(readOnly)).toEqual([
      'NODE_ROLE_TOO_BROAD',
      'ROLE_LACKS_ECR_PULL',
    ]);
  });

  it('a missing repository under no rule is still not found', async () => {
    const quay = await status('quay-ghost');
    expect(quay.health).toBe('error');
    expect(codes(quay)).toEqual(['ECR_REPOSITORY_NOT_FOUND']);
    expect(quay.findings[0].message).toContain(
      'no pull-through cache rule of that registry covers its name',
    );
  });

  it('reads the rules once per registry, not per repository', async () => {
    // Each cluster's audit reads the AWS facts its workloads need (five clusters, one
    // registry): one rules read and one registry policy read each, as one
    // DescribeRepositories call names their repositories, however many repositories.
    const counts = audited.sandbox.requestCounts();
    expect(counts['ecr/DescribePullThroughCacheRules']).toBe(5);
    expect(counts['ecr/GetRegistryPolicy']).toBe(5);
    expect(counts['ecr/DescribeRepositories']).toBeGreaterThanOrEqual(5);
  });

  it('only the ok entities are counted healthy on the audit page', async () => {
    const res = await audited.plugin.get('/audit?health=ok');
    expect(res.status).toBe(200);
    const refs = (res.body.items as Array<{ entityRef: string }>)
      .map(i => i.entityRef)
      .sort();
    expect(refs).toEqual([
      'component:default/nginx-pullonly',
      'component:default/redis-cache',
      'component:default/redis-registry',
    ]);
  });
});

describe('pull-through cache rules that cannot be read', () => {
  const audited = useAuditedSandbox({
    scenario: pullThroughCacheScenario([
      {
        api: 'ecr',
        operation: 'DescribePullThroughCacheRules',
        error: {
          status: 400,
          code: 'AccessDeniedException',
          message:
            'User: arn:aws:iam::111122223333:user/sandbox is not authorized to perform: ecr:DescribePullThroughCacheRules',
        },
      },
    ]),
    entities: pullThroughCacheEntities(),
  });
  const status = statusOf(audited);

  it('leave a missing repository unknown, never "not found" nor ok', async () => {
    for (const name of ['redis-cache', 'quay-ghost']) {
      const missing = await status(name);
      expect(missing.health).toBe('unknown');
      expect(codes(missing)).toEqual(['IAM_FACTS_MISSING']);
      expect(missing.findings[0].message).toContain(
        'ecr:DescribePullThroughCacheRules',
      );
    }
  });

  it('say so in the audit run', async () => {
    const runs = await audited.plugin.get('/audit/runs');
    expect(JSON.stringify(runs.body)).toContain(
      'us-east-1/pull-through cache rules: AccessDeniedException',
    );
  });
});

describe('a registry permissions policy that cannot be read', () => {
  const audited = useAuditedSandbox({
    scenario: pullThroughCacheScenario([
      {
        api: 'ecr',
        operation: 'GetRegistryPolicy',
        error: {
          status: 400,
          code: 'AccessDeniedException',
          message:
            'User: arn:aws:iam::111122223333:user/sandbox is not authorized to perform: ecr:GetRegistryPolicy',
        },
      },
    ]),
    entities: pullThroughCacheEntities(),
  });
  const status = statusOf(audited);

  it('leaves unknown what only the registry policy could grant, never an error', async () => {
    for (const name of ['redis-registry', 'redis-pullonly', 'nginx-seed0']) {
      const s = await status(name);
      expect(s.health).toBe('unknown');
      expect(codes(s)).toEqual(['IAM_FACTS_MISSING']);
      expect(s.findings[0].message).toContain('(ecr:GetRegistryPolicy)');
    }
  });

  it("keeps what the role's own policies decide", async () => {
    expect((await status('redis-cache')).health).toBe('ok');
    expect((await status('nginx-pullonly')).health).toBe('ok');
    const runs = await audited.plugin.get('/audit/runs');
    expect(JSON.stringify(runs.body)).toContain(
      'us-east-1/registry permissions policy: AccessDeniedException',
    );
  });
});
