import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { FargateSelector } from '../snapshot';

/**
 * How the kubelets of a cluster authenticate ECR pulls (see config.d.ts).
 *
 * @public
 */
export type ImagePullAuth = 'node-role' | 'service-account-token';

/**
 * One cluster, as configured under `ecrAccess.clusters`.
 *
 * @public
 */
export interface EcrAccessCluster {
  /** Cluster name. */
  name: string;
  /** AWS account of the cluster. */
  accountId: string;
  /** AWS region of the cluster. */
  region: string;
  /** AWS partition. */
  partition: 'aws' | 'aws-cn' | 'aws-us-gov';
  /** OIDC issuer URL of the cluster, needed to check IRSA trust. */
  oidcIssuer?: string;
  /** How the kubelets authenticate ECR pulls. */
  imagePullAuth: ImagePullAuth;
  /** IAM roles of the cluster's nodes. */
  nodeRoleArns: string[];
  /**
   * Fargate profiles, for when they cannot be read from EKS: selectors (or namespaces) and pod
   * execution roles.
   */
  fargate?: {
    selectors?: FargateSelector[];
    namespaces?: string[];
    podExecutionRoleArns: string[];
  };
}

const ACCOUNT_ID = /^\d{12}$/;
// Region names as AWS forms them: partition prefix, geography, number (us-east-1, cn-north-1,
// us-gov-west-1, ap-southeast-5).
const REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\-/]+$/;
const IMAGE_PULL_AUTH: readonly ImagePullAuth[] = [
  'node-role',
  'service-account-token',
];

function partitionOf(region: string): EcrAccessCluster['partition'] {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

function invalid(key: string, value: unknown, expected: string): InputError {
  return new InputError(
    `Invalid config at '${key}': ${JSON.stringify(value)} is not ${expected}`,
  );
}

function readOidcIssuer(cluster: Config, key: string): string | undefined {
  const issuer = cluster.getOptionalString('oidcIssuer');
  if (issuer === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw invalid(key, issuer, 'a URL');
  }
  // IAM identifies an OIDC provider by the issuer's host and path, and EKS issuers are https.
  if (url.protocol !== 'https:') throw invalid(key, issuer, 'an https:// URL');
  return issuer.replace(/\/+$/, '');
}

function readFargate(
  cluster: Config,
  at: (field: string) => string,
): EcrAccessCluster['fargate'] {
  const fargate = cluster.getOptionalConfig('fargate');
  if (!fargate) return undefined;
  const podExecutionRoleArns = fargate.getStringArray('podExecutionRoleArns');
  podExecutionRoleArns.forEach((arn, i) => {
    if (!ROLE_ARN.test(arn)) {
      throw invalid(
        at(`fargate.podExecutionRoleArns[${i}]`),
        arn,
        'an IAM role ARN',
      );
    }
  });
  const namespaces = fargate.getOptionalStringArray('namespaces');
  const selectors = fargate
    .getOptionalConfigArray('selectors')
    ?.map(readFargateSelector);
  return {
    podExecutionRoleArns,
    ...(namespaces && { namespaces }),
    ...(selectors && { selectors }),
  };
}

/**
 * A profile's selector as EKS takes it: a namespace, and labels a pod must all carry. The
 * labels are a list of `{ key, value }` (as CloudFormation's), since config keys cannot hold
 * the dots and slashes of label keys.
 */
function readFargateSelector(selector: Config): FargateSelector {
  const namespace = selector.getString('namespace');
  const labels = selector.getOptionalConfigArray('labels');
  if (!labels) return { namespace };
  return {
    namespace,
    labels: Object.fromEntries(
      labels.map(label => [label.getString('key'), label.getString('value')]),
    ),
  };
}

function readCluster(cluster: Config, index: number): EcrAccessCluster {
  const at = (field: string) => `ecrAccess.clusters[${index}].${field}`;
  const name = cluster.getString('name');
  const accountId = cluster.getString('accountId');
  if (!ACCOUNT_ID.test(accountId)) {
    throw invalid(at('accountId'), accountId, 'a 12-digit AWS account id');
  }
  const region = cluster.getString('region');
  if (!REGION.test(region)) {
    throw invalid(at('region'), region, 'an AWS region such as us-east-1');
  }
  const imagePullAuth = (cluster.getOptionalString('imagePullAuth') ??
    'node-role') as ImagePullAuth;
  if (!IMAGE_PULL_AUTH.includes(imagePullAuth)) {
    throw invalid(
      at('imagePullAuth'),
      imagePullAuth,
      `one of ${IMAGE_PULL_AUTH.join(', ')}`,
    );
  }
  const nodeRoleArns = cluster.getOptionalStringArray('nodeRoleArns') ?? [];
  nodeRoleArns.forEach((arn, i) => {
    if (!ROLE_ARN.test(arn)) {
      throw invalid(at(`nodeRoleArns[${i}]`), arn, 'an IAM role ARN');
    }
  });
  const fargate = readFargate(cluster, at);
  return {
    name,
    accountId,
    region,
    partition: partitionOf(region),
    oidcIssuer: readOidcIssuer(cluster, at('oidcIssuer')),
    imagePullAuth,
    nodeRoleArns,
    ...(fargate && { fargate }),
  };
}

/**
 * Reads and validates `ecrAccess.clusters`. Errors name the offending key, so a typo in
 * app-config stops the backend at start-up with a message that says where to look.
 *
 * @public
 */
export function readEcrAccessClusters(config: Config): EcrAccessCluster[] {
  const clusters = config.getOptionalConfigArray('ecrAccess.clusters') ?? [];
  const result = clusters.map(readCluster);
  const seen = new Set<string>();
  result.forEach((cluster, index) => {
    if (seen.has(cluster.name)) {
      throw invalid(
        `ecrAccess.clusters[${index}].name`,
        cluster.name,
        'unique: another cluster has that name',
      );
    }
    seen.add(cluster.name);
  });
  return result;
}
