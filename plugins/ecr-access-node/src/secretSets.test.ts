import { FindingCode } from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from './classify';
import { secretSetCases } from './__fixtures__/classify.secretSets';
import { NOW } from './__fixtures__/classify.builders';

const sorted = (codes: FindingCode[]) => [...codes].sort();

describe('several pull secrets, and ECR Public images with a pull secret', () => {
  it.each(secretSetCases.map(f => [f.name, f]))('%s', (_name, fixture) => {
    const [status] = classifyCluster(fixture.snapshot, fixture.iam, NOW);
    expect({
      pullAuth: status.pullAuth,
      runtimeIdentity: status.runtimeIdentity,
      health: status.health,
      codes: sorted(status.findings.map(f => f.code)),
    }).toEqual({
      ...fixture.expected,
      codes: sorted(fixture.expected.codes),
    });
    expect(status.pullAuths).toEqual(
      fixture.expected.pullAuths ?? [fixture.expected.pullAuth],
    );
  });

  it('names every secret of unread hosts and why they disagree', () => {
    const [status] = classifyCluster(
      secretSetCases[0].snapshot,
      secretSetCases[0].iam,
      NOW,
    );
    const [finding] = status.findings;
    expect(finding.subject).toBe('Deployment shop/web');
    expect(finding.message).toContain('regcred');
    expect(finding.message).toContain('hubcred');
    expect(finding.message).toMatch(/expired 8 h ago/);
    expect(finding.message).toMatch(/cannot be shown to pull/);
    expect(
      finding.message.indexOf('if regcred holds it, error'),
    ).toBeGreaterThan(-1);
    expect(finding.message).not.toContain('assumed to hold');
    expect(finding.message.indexOf('if regcred holds it, error')).toBeLessThan(
      finding.message.indexOf('if hubcred holds it, warning'),
    );
  });

  it('says an expired ECR Public token is refused and not replaced by an anonymous pull', () => {
    const expired = secretSetCases.find(f =>
      f.name.startsWith('ECR Public image with an expired'),
    )!;
    const [status] = classifyCluster(expired.snapshot, expired.iam, NOW);
    const [finding] = status.findings;
    expect(finding.subject).toBe('Secret shop/ecr-public');
    expect(finding.message).toMatch(/expired 8 h ago/);
    expect(finding.message).toMatch(/ECR Public refuses an expired token/);
    expect(status.containers[0].secret?.expiresAt).toBeDefined();
  });
});
