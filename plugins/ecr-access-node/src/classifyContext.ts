import { Finding } from '@ecr-access/plugin-ecr-access-common';
import { CredentialProviderPreflight } from './credentialProvider';
import { FargatePlacement } from './fargatePlacement';
import { IamFacts } from './iamFacts';
import { ClusterNodeRoles } from './nodeRoles';
import { ImageRef } from './imageRef';
import { ClusterConfig, ClusterSnapshot } from './snapshot';

/** eks.amazonaws.com/role-arn: the pod's own AWS calls (IRSA webhook). */
export const ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/role-arn';
/** eks.amazonaws.com/ecr-role-arn: pulls through the service-account-token provider (KEP-4412). */
export const ECR_ROLE_ARN_ANNOTATION = 'eks.amazonaws.com/ecr-role-arn';

/** The ServiceAccount a workload runs as, as far as it could be read. */
export interface ResolvedServiceAccount {
  name: string;
  state: 'found' | 'missing' | 'unreadable';
  roleArn?: string;
  ecrRoleArn?: string;
  /**
   * Role annotations whose value has whitespace around the ARN (a YAML block scalar's newline,
   * a pasted space): the webhook and the credential provider use the value as written.
   */
  paddedRoleAnnotations?: string[];
  imagePullSecrets: string[];
}

/** Everything a container check needs about its workload. @internal */
export interface WorkloadContext {
  snapshot: ClusterSnapshot;
  cluster: ClusterConfig;
  iam: IamFacts;
  now: Date;
  namespace: string;
  /** e.g. `Deployment shop/web`. */
  subject: string;
  kind: string;
  podSpec: Record<string, unknown> | undefined;
  serviceAccount: ResolvedServiceAccount;
  /** Parsed images of every container of the pod (pull secrets serve them all). */
  podImages: ImageRef[];
  /** The pod runs on Fargate (pulls with the pod execution role). */
  onFargate: boolean;
  /** Where the pods run: Fargate (and the profile's role), EC2 nodes, or unknown. */
  fargate: FargatePlacement;
  /** The cluster's node roles (config and node groups), found once per cluster. */
  nodeRoles: ClusterNodeRoles;
  /** The credential provider's preflight for this workload's ServiceAccount. */
  credentialProvider: CredentialProviderPreflight;
}

/** Collects findings without duplicates, in order. @internal */
export class FindingList {
  readonly items: Finding[] = [];
  private readonly seen = new Set<string>();

  add(...findings: Finding[]): void {
    for (const f of findings) {
      const key = `${f.code}\u0000${f.subject}\u0000${f.message}`;
      if (!this.seen.has(key)) {
        this.seen.add(key);
        this.items.push(f);
      }
    }
  }
}
