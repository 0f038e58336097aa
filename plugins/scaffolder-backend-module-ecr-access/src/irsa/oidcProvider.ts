import { DescribeClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import {
  GetOpenIDConnectProviderCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { InputError } from '@backstage/errors';
import {
  IRSA_AUDIENCE,
  normalizeIssuer,
  oidcProviderArn,
} from '@ecr-access/plugin-ecr-access-node';
import type { TargetCluster } from '../config/targetClusters';
import { isNoSuchEntity } from './iamErrors';

/**
 * The cluster's OIDC issuer: from config, else `eks:DescribeCluster` (`identity.oidc.issuer`).
 */
export async function resolveIssuer(
  cluster: TargetCluster,
  eks: () => Promise<EKSClient>,
): Promise<string> {
  if (cluster.oidcIssuer) return cluster.oidcIssuer;
  const client = await eks();
  const { cluster: described } = await client.send(
    new DescribeClusterCommand({ name: cluster.name }),
  );
  const issuer = described?.identity?.oidc?.issuer;
  if (!issuer) {
    throw new InputError(
      `cluster: EKS cluster '${cluster.name}' has no OIDC issuer; set ecrAccess.clusters[].oidcIssuer`,
    );
  }
  return issuer;
}

/**
 * IRSA needs the cluster's issuer registered as an IAM OIDC provider in the role's account,
 * with `sts.amazonaws.com` among its client ids (EKS user guide, "Create an IAM OIDC provider
 * for your cluster"); without it STS refuses every web identity token.
 */
export async function assertOidcProvider(
  iam: IAMClient,
  cluster: TargetCluster,
  issuer: string,
): Promise<string> {
  const arn = oidcProviderArn({ ...cluster, issuer });
  const howTo = `Create it with: eksctl utils associate-iam-oidc-provider --cluster ${
    cluster.name
  } --region ${
    cluster.region
  } --approve (or aws iam create-open-id-connect-provider --url https://${normalizeIssuer(
    issuer,
  )} --client-id-list ${IRSA_AUDIENCE})`;
  try {
    const provider = await iam.send(
      new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: arn }),
    );
    if (!provider.ClientIDList?.includes(IRSA_AUDIENCE)) {
      throw new InputError(
        `cluster: the IAM OIDC provider ${arn} does not list the client id ${IRSA_AUDIENCE}; add it with aws iam add-client-id-to-open-id-connect-provider`,
      );
    }
    return arn;
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
    throw new InputError(
      `cluster: account ${cluster.accountId} has no IAM OIDC provider for the issuer of cluster '${cluster.name}' (${arn}). ${howTo}`,
    );
  }
}
