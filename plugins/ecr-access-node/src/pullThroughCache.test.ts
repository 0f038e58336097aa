import { classifyCluster } from './classify';
import { NOW } from './__fixtures__/classify.builders';
import { pullThroughCacheCases } from './__fixtures__/classify.pullThroughCache';

// What each pull-through cache case says, beyond its codes (checked with every fixture in
// classify.test.ts): the missing actions, the rule, and what fails.
function findingsOf(name: string) {
  const fixture = pullThroughCacheCases.find(f => f.name.includes(name));
  if (!fixture) throw new Error(`no fixture ${name}`);
  const [status] = classifyCluster(fixture.snapshot, fixture.iam, NOW);
  return status.findings;
}

describe('pull-through cache repositories', () => {
  it('a first pull without ecr:CreateRepository fails, naming the action and the rule', () => {
    const [finding] = findingsOf('PullOnly alone');
    expect(finding).toMatchObject({
      code: 'ROLE_LACKS_ECR_PULL',
      severity: 'error',
      subject: 'IAM role arn:aws:iam::111122223333:role/eks-node',
    });
    expect(finding.message).toContain(
      'the pull-through cache rule docker-hub creates it on the first pull',
    );
    expect(finding.message).toContain(
      'is not allowed ecr:CreateRepository for',
    );
    expect(finding.message).not.toContain('BatchImportUpstreamImage for');
  });

  it("seed 000's policy lacks both actions of a first pull", () => {
    const [finding] = findingsOf("seed 000's EKS-ECR-Pull-Policy");
    expect(finding.message).toContain(
      'is not allowed ecr:CreateRepository, ecr:BatchImportUpstreamImage for arn:aws:ecr:us-east-1:111122223333:repository/docker-hub/library/redis',
    );
  });

  it('a registry policy that was not read leaves a refused first pull unknown, naming the read', () => {
    const [finding] = findingsOf('registry permissions policy not read');
    expect(finding.code).toBe('IAM_FACTS_MISSING');
    expect(finding.message).toContain(
      'its own policies do not allow it, and the registry permissions policy of account 111122223333 in us-east-1, which may, could not be read (ecr:GetRegistryPolicy)',
    );
  });

  it('rules that could not be read leave a missing repository unknown, naming the read', () => {
    const [finding] = findingsOf('could not be read');
    expect(finding.code).toBe('IAM_FACTS_MISSING');
    expect(finding.message).toContain('ecr:DescribePullThroughCacheRules');
  });

  it('under no rule, a missing repository is not found, without a hedge', () => {
    const [finding] = findingsOf('under no rule');
    expect(finding.code).toBe('ECR_REPOSITORY_NOT_FOUND');
    expect(finding.message).not.toContain('unless');
    expect(finding.message).toContain('RepositoryNotFoundException');
  });

  it('a cached repository without the import: cached tags pull, new ones fail (a warning)', () => {
    const [finding] = findingsOf("node role with seed 000's policy");
    expect(finding).toMatchObject({
      code: 'ROLE_LACKS_ECR_PULL',
      severity: 'warning',
    });
    expect(finding.message).toContain(
      'is not allowed ecr:BatchImportUpstreamImage for arn:aws:ecr:us-east-1:111122223333:repository/ecr-public/nginx/nginx, a repository of the pull-through cache rule ecr-public',
    );
    expect(finding.message).toContain(
      'a tag not yet cached or updated upstream fails to pull',
    );
  });

  it("names the ROOT rule as the registry's, and says what is unknown across accounts", () => {
    const [root] = findingsOf('ROOT rule');
    expect(root.message).toContain(
      "a repository of the registry's ROOT pull-through cache rule",
    );
    const [shared] = findingsOf("another account's rule");
    expect(shared.code).toBe('IAM_FACTS_MISSING');
    expect(shared.message).toContain(
      'does not exist yet in account 999988887777; its pull-through cache rule creates it on the first pull',
    );
  });

  it('names the node role that cannot import when another can', () => {
    const findings = findingsOf('one of two node roles');
    expect(findings.map(f => f.subject)).toEqual([
      'IAM role arn:aws:iam::111122223333:role/eks-node-batch',
    ]);
  });

  it('checks the IRSA pull role the same way', () => {
    const [finding] = findingsOf('IRSA pull role');
    expect(finding.subject).toBe(
      'IAM role arn:aws:iam::111122223333:role/web-pull',
    );
    expect(finding.message).toContain('the ECR pull role');
  });
});
