import { ECRClient } from '@aws-sdk/client-ecr';
import type { Sandbox } from '@ecr-access/sandbox';
import { useSandbox } from '@ecr-access/test-utils';
import { readRegistryFacts } from './ecrFacts';
import {
  CACHE_RULES_UNREAD,
  cacheRulePrefixOf,
  REGISTRY_POLICY_UNREAD,
} from './pullThroughCacheRules';
import { pullThroughCacheScenario } from './__fixtures__/pullThroughCacheScenario';

jest.setTimeout(60_000);

describe('the rule a repository name falls under', () => {
  const prefixes = ['docker-hub', 'ecr-public', 'ecr-public/team-a/'];

  it('is the most specific prefix followed by a slash', () => {
    expect(cacheRulePrefixOf(prefixes, 'docker-hub/library/redis')).toBe(
      'docker-hub',
    );
    expect(cacheRulePrefixOf(prefixes, 'ecr-public/team-a/app')).toBe(
      'ecr-public/team-a',
    );
    expect(cacheRulePrefixOf(prefixes, 'ecr-public/nginx/nginx')).toBe(
      'ecr-public',
    );
  });

  it('is none for a name that only starts with the same letters, or is the prefix itself', () => {
    expect(cacheRulePrefixOf(prefixes, 'docker-hubx/library/redis')).toBe(null);
    expect(cacheRulePrefixOf(prefixes, 'docker-hub')).toBe(null);
    expect(cacheRulePrefixOf([], 'shop/web')).toBe(null);
  });

  it('is ROOT for a name no other rule claims, where a ROOT rule exists', () => {
    expect(cacheRulePrefixOf(['ROOT', 'docker-hub'], 'shop/web')).toBe('ROOT');
    expect(
      cacheRulePrefixOf(['ROOT', 'docker-hub'], 'docker-hub/library/redis'),
    ).toBe('docker-hub');
  });
});

describe('reading a registry over the sandbox', () => {
  let sandbox: Sandbox;
  useSandbox({
    scenario: pullThroughCacheScenario(),
    started: async running => {
      sandbox = running;
    },
    timeout: 30_000,
  });
  afterEach(() => sandbox.setFaults([]));

  const ecr = (maxAttempts = 1) =>
    new ECRClient({
      endpoint: sandbox.awsEndpoint,
      region: 'us-east-1',
      maxAttempts,
      credentials: {
        accessKeyId: 'AKIASANDBOXPLATFORM1',
        secretAccessKey: 'sandbox-secret',
      },
    });
  // 250 names: three DescribeRepositories batches, one rules read.
  const names = [
    'ecr-public/nginx/nginx',
    'docker-hub/library/redis',
    ...Array.from({ length: 248 }, (_, i) => `quay/app-${i}`),
  ];
  const registry = { accountId: '111122223333', region: 'us-east-1', names };

  async function read(client: ECRClient) {
    const operations: string[] = [];
    const errors: Array<[string, string]> = [];
    const facts = await readRegistryFacts(
      client,
      registry,
      op => operations.push(op),
      (name, e) => errors.push([name, (e as Error).name]),
    );
    return { facts, operations, errors };
  }

  it('reads the rules once and records each name under its rule, or none', async () => {
    const { facts, operations, errors } = await read(ecr());
    expect(errors).toEqual([]);
    expect(
      operations.filter(o => o === 'ecr:DescribePullThroughCacheRules'),
    ).toHaveLength(1);
    const byName = new Map(facts.map(f => [f.name, f]));
    expect(byName.get('ecr-public/nginx/nginx')).toMatchObject({
      exists: true,
      pullThroughCachePrefix: 'ecr-public',
    });
    expect(byName.get('docker-hub/library/redis')).toMatchObject({
      exists: false,
      pullThroughCachePrefix: 'docker-hub',
    });
    expect(byName.get('quay/app-0')).toMatchObject({
      exists: false,
      pullThroughCachePrefix: null,
    });
    // The registry policy, read once, rides on the names under a rule only.
    expect(operations.filter(o => o === 'ecr:GetRegistryPolicy')).toHaveLength(
      1,
    );
    expect(
      JSON.parse(
        byName.get('docker-hub/library/redis')!.registryPolicy as string,
      ).Statement[0].Sid,
    ).toBe('PullThroughCacheForRegistryNodes');
    expect(byName.get('quay/app-0')).not.toHaveProperty('registryPolicy');
  });

  it('registry policy refused: the names under a rule carry none (unknown), reported once', async () => {
    await sandbox.setFaults([
      {
        api: 'ecr',
        operation: 'GetRegistryPolicy',
        error: { status: 400, code: 'AccessDeniedException' },
      },
    ]);
    const { facts, errors } = await read(ecr());
    expect(errors).toEqual([[REGISTRY_POLICY_UNREAD, 'AccessDeniedException']]);
    const redis = facts.find(f => f.name === 'docker-hub/library/redis');
    expect(redis).toMatchObject({ pullThroughCachePrefix: 'docker-hub' });
    expect(redis).not.toHaveProperty('registryPolicy');
  });

  it('rules refused: the names carry no rule (unknown), and the refusal is reported once', async () => {
    await sandbox.setFaults([
      {
        api: 'ecr',
        operation: 'DescribePullThroughCacheRules',
        error: { status: 400, code: 'AccessDeniedException' },
      },
    ]);
    const { facts, errors } = await read(ecr());
    expect(errors).toEqual([[CACHE_RULES_UNREAD, 'AccessDeniedException']]);
    expect(facts).toHaveLength(names.length);
    for (const f of facts)
      expect(f).not.toHaveProperty('pullThroughCachePrefix');
  });

  it('throttled, then answered: the client retries and the rules are read', async () => {
    await sandbox.setFaults([
      {
        api: 'ecr',
        operation: 'DescribePullThroughCacheRules',
        error: 'throttle',
        retryAfterSeconds: 0,
        times: 2,
      },
    ]);
    const { facts, errors } = await read(ecr(4));
    expect(errors).toEqual([]);
    expect(
      facts.find(f => f.name === 'docker-hub/library/redis'),
    ).toMatchObject({ pullThroughCachePrefix: 'docker-hub' });
  });

  it('slow: waits for the rules alongside the existence reads', async () => {
    await sandbox.setFaults([
      {
        api: 'ecr',
        operation: 'DescribePullThroughCacheRules',
        latency: '300ms',
      },
    ]);
    const { facts } = await read(ecr());
    expect(facts.every(f => f.pullThroughCachePrefix !== undefined)).toBe(true);
  });
});
