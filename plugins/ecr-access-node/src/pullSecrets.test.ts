import type { FindingCode } from '@ecr-access/plugin-ecr-access-common';
import { classifyCluster } from './classify';
import {
  ACCT,
  cluster,
  deployment,
  iam,
  NODE_ROLE,
  NOW,
  OTHER_ACCT,
  pullPolicy,
  REGISTRY,
  REPO_ARN,
  role,
  secret,
  snapshot,
} from './__fixtures__/classify.builders';
import {
  registryHelperCronJob,
  registryHelperMentions,
  registryHelperWorld,
} from './__fixtures__/classify.secrets';
import type { ClusterSnapshot, SecretMention } from './snapshot';

// Seed 002's regcred with the default config: its hosts are not read. Its CronJob writes it
// with --docker-server=https://${AWS_ACCOUNT}.dkr.ecr.${AWS_REGION}.amazonaws.com, which the
// collector expands (refresherRegistries.ts) into the mention's registries. The kubelet uses
// regcred only for that host: an image in another account or region is pulled by the node
// role, which here may pull shop/web of the cluster's own account only.

const CENTRAL = `${OTHER_ACCT}.dkr.ecr.us-east-1.amazonaws.com/shop/web:1.4.2`;
const WEST = `${ACCT}.dkr.ecr.us-west-2.amazonaws.com/shop/web:1.4.2`;
const narrowNode = () =>
  iam(role(NODE_ROLE, { inlinePolicies: [pullPolicy([REPO_ARN])] }));

/** Seed 002 pulling `image`; its mention's `registries` as given, none with null. */
function seed002(
  image: string,
  registries: unknown = [REGISTRY],
  over: Partial<ClusterSnapshot> = {},
): ClusterSnapshot {
  const mentions = registryHelperMentions()!.map(w => ({
    ...w,
    mentions: w.mentions.map(
      m =>
        ({
          ...m,
          ...(registries !== null && { registries }),
        } as SecretMention),
    ),
  }));
  return snapshot({
    ...registryHelperWorld,
    deployments: [deployment({ image, pullSecrets: ['regcred'] })],
    secretMentions: mentions,
    ...over,
  });
}

function classify(s: ClusterSnapshot, facts = narrowNode()) {
  const [status] = classifyCluster(s, facts, NOW);
  const container = status.containers[0];
  return {
    health: status.health,
    pullAuth: container.pullAuth,
    codes: container.findings.map(f => f.code).sort() as FindingCode[],
    text: (code: FindingCode) =>
      container.findings.find(f => f.code === code)?.message ?? '',
  };
}

describe('a pull secret whose hosts were not read, judged by what writes it', () => {
  it('seed 002, image in the registry its refresher writes regcred for: rotating, ok', () => {
    expect(classify(seed002(`${REGISTRY}/shop/web:1.4.2`))).toMatchObject({
      health: 'ok',
      pullAuth: 'rotating-secret',
      codes: [],
    });
  });

  it('seed 002, image in a central ECR account: regcred does not serve it, the node role cannot pull', () => {
    const result = classify(seed002(CENTRAL));
    expect(result).toMatchObject({
      health: 'error',
      pullAuth: 'node-role',
      codes: ['ROLE_LACKS_ECR_PULL', 'SECRET_REGISTRY_MISMATCH'],
    });
    expect(result.text('SECRET_REGISTRY_MISMATCH')).toBe(
      `CronJob ecr-registry-helper writes pull secret regcred for ${REGISTRY} (its --docker-server; the secret's own hosts were not read), none for ${OTHER_ACCT}.dkr.ecr.us-east-1.amazonaws.com/shop/web or another image of Deployment shop/web`,
    );
  });

  it('seed 002, image in another region: mismatch too, beside the region finding', () => {
    expect(classify(seed002(WEST))).toMatchObject({
      health: 'error',
      pullAuth: 'node-role',
      codes: [
        'ECR_REGION_MISMATCH',
        'ROLE_LACKS_ECR_PULL',
        'SECRET_REGISTRY_MISMATCH',
      ],
    });
  });

  it("an expired regcred's finding says its registry comes from the refresher, not that it is assumed", () => {
    const expired = seed002(`${REGISTRY}/shop/web:1.4.2`, [REGISTRY], {
      secrets: [secret({ writtenHoursAgo: 20 })],
      cronJobs: [registryHelperCronJob({ lastSuccessHoursAgo: 20 })],
    });
    const { codes, text } = classify(expired);
    expect(codes).toContain('SECRET_EXPIRED');
    expect(text('SECRET_EXPIRED')).toContain(
      `(its hosts were not read; CronJob ecr-registry-helper writes it for ${REGISTRY})`,
    );
    expect(text('SECRET_EXPIRED')).not.toContain('assumed');
  });

  it('a secret whose hosts were read is judged by them, not by its refresher', () => {
    const read = seed002(CENTRAL, [REGISTRY], {
      secrets: [
        secret({
          writtenHoursAgo: 1,
          hosts: [`${OTHER_ACCT}.dkr.ecr.us-east-1.amazonaws.com`],
        }),
      ],
    });
    expect(classify(read)).toMatchObject({
      health: 'ok',
      pullAuth: 'rotating-secret',
      codes: [],
    });
  });

  describe('with no registry declared (a variable not known, or no refresher)', () => {
    it('an image in another account is unknown, saying why, when the node role cannot pull it', () => {
      const result = classify(seed002(CENTRAL, null));
      expect(result).toMatchObject({
        health: 'unknown',
        pullAuth: 'unknown',
        codes: ['OBJECTS_NOT_READABLE'],
      });
      expect(result.text('OBJECTS_NOT_READABLE')).toBe(
        `the hosts of pull secret regcred were not read (ecrAccess.kubernetes.readPullSecretHosts is off) and no refresher of regcred declares the registry it writes, and shop/web is in account ${OTHER_ACCT}, not the cluster's ${ACCT}: whether regcred holds the token for shop/web is unknown, and the node role cannot be shown to pull it`,
      );
    });

    it('an image in another region, static secret: unknown, naming the region', () => {
      const result = classify(
        snapshot({
          cluster: cluster(),
          deployments: [deployment({ image: WEST, pullSecrets: ['regcred'] })],
          secrets: [secret({ writtenHoursAgo: 1 })],
        }),
      );
      expect(result).toMatchObject({ health: 'unknown', pullAuth: 'unknown' });
      expect(result.codes).toEqual([
        'ECR_REGION_MISMATCH',
        'OBJECTS_NOT_READABLE',
      ]);
      expect(result.text('OBJECTS_NOT_READABLE')).toContain(
        "shop/web is in region us-west-2, not the cluster's us-east-1",
      );
    });

    it('when the node role can pull the image, it pulls whatever the secret holds', () => {
      // NODE_POLICY pulls any repository; shop/web exists in us-west-2 too.
      const facts = iam();
      facts.repositories = [
        ...facts.repositories!,
        {
          accountId: ACCT,
          region: 'us-west-2',
          name: 'shop/web',
          exists: true,
        },
      ];
      expect(classify(seed002(WEST, null), facts)).toMatchObject({
        health: 'warning',
        pullAuth: 'node-role',
        codes: ['ECR_REGION_MISMATCH'],
      });
    });

    it("the cluster's own account and region stay as before: the secret is taken to hold the token", () => {
      expect(
        classify(seed002(`${REGISTRY}/shop/web:1.4.2`, null)),
      ).toMatchObject({ health: 'ok', pullAuth: 'rotating-secret', codes: [] });
    });

    it('takes no registry from a mention that is not a parsed ECR host', () => {
      for (const registries of [
        ['ghcr.io'],
        'not-a-list',
        [42],
        [`${REGISTRY}.evil.example`],
      ]) {
        expect(classify(seed002(CENTRAL, registries)).codes).toEqual([
          'OBJECTS_NOT_READABLE',
        ]);
      }
    });
  });
});
