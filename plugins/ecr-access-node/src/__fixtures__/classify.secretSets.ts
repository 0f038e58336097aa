/*
 * Several pull secrets for one image (review8 case 3), and ECR Public images with a pull secret
 * for public.ecr.aws (review8 case 7). The kubelet uses a secret only for the hosts it has
 * entries for (Kubernetes "Images", interpretation of config.json), trying each matching
 * credential in turn and never anonymously once one matched (kuberuntime_image.go PullImage).
 */
import { ClassifyFixture, ok } from './classify.shared';
import {
  cluster,
  deployment,
  iam,
  NODE_ROLE,
  pullPolicy,
  REGISTRY,
  role,
  secret,
  snapshot,
} from './classify.builders';

/** A node role that can pull another repository only (the review's `eks-node-narrow`). */
const narrowNodeRole = iam(
  role(NODE_ROLE, {
    managedPolicies: [
      pullPolicy(['arn:aws:ecr:us-east-1:111122223333:repository/other']),
    ],
  }),
);

/** regcred holds the ECR token, written 20 h ago; hubcred a Docker Hub PAT written 1 h ago. */
const regcredAndHubcred = (
  order: string[],
  hosts: { regcred?: string[]; hubcred?: string[] } = {},
) =>
  snapshot({
    cluster: cluster(),
    deployments: [deployment({ pullSecrets: order })],
    secrets: [
      secret({ name: 'regcred', writtenHoursAgo: 20, hosts: hosts.regcred }),
      secret({ name: 'hubcred', writtenHoursAgo: 1, hosts: hosts.hubcred }),
    ],
  });

export const PUBLIC_IMAGE = 'public.ecr.aws/nginx/nginx:1.27';

const publicWithSecret = (writtenHoursAgo: number, hosts?: string[]) =>
  snapshot({
    cluster: cluster(),
    deployments: [
      deployment({ image: PUBLIC_IMAGE, pullSecrets: ['ecr-public'] }),
    ],
    secrets: [secret({ name: 'ecr-public', writtenHoursAgo, hosts })],
  });

const unknownPull = {
  pullAuth: 'unknown' as const,
  runtimeIdentity: 'node-role' as const,
  health: 'unknown' as const,
  codes: ['OBJECTS_NOT_READABLE' as const],
};

export const secretSetCases: ClassifyFixture[] = [
  {
    name: 'unread hosts: an expired and a fresh secret, the node role cannot pull',
    snapshot: regcredAndHubcred(['regcred', 'hubcred']),
    iam: narrowNodeRole,
    expected: unknownPull,
    nearMissOf: ['SECRET_EXPIRES_SOON'],
  },
  {
    name: 'unread hosts: a fresh and an expired secret (the other order), the node role cannot pull',
    snapshot: regcredAndHubcred(['hubcred', 'regcred']),
    iam: narrowNodeRole,
    expected: unknownPull,
    nearMissOf: ['SECRET_EXPIRES_SOON'],
  },
  {
    name: 'unread hosts: an expired and a fresh secret, the node role pulls either way',
    snapshot: regcredAndHubcred(['regcred', 'hubcred']),
    iam: iam(),
    expected: ok('node-role'),
  },
  {
    name: 'unread hosts: two fresh static secrets agree, judged as one',
    snapshot: snapshot({
      cluster: cluster(),
      deployments: [deployment({ pullSecrets: ['regcred', 'hubcred'] })],
      secrets: [
        secret({ name: 'regcred', writtenHoursAgo: 2 }),
        secret({ name: 'hubcred', writtenHoursAgo: 1 }),
      ],
    }),
    iam: narrowNodeRole,
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
  },
  {
    name: 'read hosts: the secret for the ECR host is expired, the Docker Hub one is not used for it',
    snapshot: regcredAndHubcred(['hubcred', 'regcred'], {
      regcred: [REGISTRY],
      hubcred: ['https://index.docker.io/v1/'],
    }),
    iam: narrowNodeRole,
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
  },
  {
    name: 'read hosts on one secret only: the matching expired one decides, not the fresher unread one',
    snapshot: regcredAndHubcred(['hubcred', 'regcred'], {
      regcred: [REGISTRY],
    }),
    iam: narrowNodeRole,
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
  },
  {
    name: 'ECR Public image with an expired token in a secret for public.ecr.aws',
    snapshot: publicWithSecret(20, ['public.ecr.aws']),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'error',
      codes: ['SECRET_EXPIRED'],
    },
    nearMissOf: ['SECRET_MASKED_BY_NODE_ROLE'],
  },
  {
    name: 'ECR Public image with a fresh static token in a secret for public.ecr.aws',
    snapshot: publicWithSecret(1, ['public.ecr.aws']),
    iam: iam(),
    expected: {
      pullAuth: 'static-secret',
      runtimeIdentity: 'node-role',
      health: 'warning',
      codes: ['SECRET_EXPIRES_SOON'],
    },
  },
  {
    name: 'ECR Public image with a secret of unread hosts stays anonymous',
    snapshot: publicWithSecret(20),
    iam: iam(),
    expected: ok('anonymous'),
  },
  {
    name: 'ECR Public image with a secret for Docker Hub only stays anonymous',
    snapshot: publicWithSecret(20, ['https://index.docker.io/v1/']),
    iam: iam(),
    expected: ok('anonymous'),
  },
];
