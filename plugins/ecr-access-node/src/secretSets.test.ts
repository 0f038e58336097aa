import { FindingCode } from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from './classify';
import {
  PUBLIC_IMAGE,
  secretSetCases,
} from './__fixtures__/classify.secretSets';
import {
  deployment,
  iam,
  IMAGE,
  NODE_ROLE,
  NOW,
  pullPolicy,
  role,
  secret,
  snapshot,
} from './__fixtures__/classify.builders';
import {
  registryHelperMentions,
  registryHelperWorld,
} from './__fixtures__/classify.secrets';

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

describe('a secret whose refresher declares it for ECR Public (hosts not read)', () => {
  const declaredFor = (
    image: string,
    writtenHoursAgo: number,
    registries = ['public.ecr.aws'],
  ) =>
    snapshot({
      ...registryHelperWorld,
      deployments: [deployment({ image, pullSecrets: ['regcred'] })],
      secrets: [secret({ writtenHoursAgo })],
      secretMentions: registryHelperMentions()!.map(w => ({
        ...w,
        mentions: w.mentions.map(m => ({ ...m, registries })),
      })),
    });
  const narrowNode = iam(
    role(NODE_ROLE, {
      managedPolicies: [
        pullPolicy(['arn:aws:ecr:us-east-1:111122223333:repository/other']),
      ],
    }),
  );

  it('judges an ECR Public image by it: refreshed, a rotating secret', () => {
    const [status] = classifyCluster(declaredFor(PUBLIC_IMAGE, 1), iam(), NOW);
    expect(status).toMatchObject({
      pullAuth: 'rotating-secret',
      health: 'ok',
    });
  });

  it('judges an ECR Public image by it: its token expired, an error', () => {
    const [status] = classifyCluster(declaredFor(PUBLIC_IMAGE, 20), iam(), NOW);
    expect(status.health).toBe('error');
    const expired = status.findings.find(f => f.code === 'SECRET_EXPIRED');
    expect(expired?.message).toMatch(
      /ecr-registry-helper writes it for public\.ecr\.aws/,
    );
    expect(expired?.message).toMatch(/ECR Public refuses an expired token/);
  });

  it('does not take it for a private ECR image', () => {
    const [status] = classifyCluster(declaredFor(IMAGE, 1), narrowNode, NOW);
    expect(status.health).toBe('error');
    expect(status.pullAuth).toBe('node-role');
    expect(status.findings.map(f => f.code)).toContain(
      'SECRET_REGISTRY_MISMATCH',
    );
  });
});
