/** The state of the simulated AWS accounts, as IAM, ECR and EKS hold it. */
export interface IamRole {
  name: string;
  path: string;
  arn: string;
  roleId: string;
  createDate: Date;
  description?: string;
  trustPolicy: string;
  inlinePolicies: Map<string, string>;
  attachedPolicyArns: string[];
  permissionsBoundaryArn?: string;
  tags: Map<string, string>;
  maxSessionDuration: number;
  /** Real time (ms) before which reads do not see the role: IAM eventual consistency. */
  visibleFrom: number;
}

export interface ManagedPolicy {
  name: string;
  path: string;
  arn: string;
  policyId: string;
  description?: string;
  document: string;
  createDate: Date;
  updateDate: Date;
  awsManaged: boolean;
}

export interface OidcProvider {
  arn: string;
  url: string;
  clientIds: string[];
  thumbprints: string[];
  createDate: Date;
  tags: Map<string, string>;
}

export interface Repository {
  name: string;
  region: string;
  account: string;
  arn: string;
  uri: string;
  createdAt: Date;
  policy?: string;
}

/** A pull-through cache rule of a registry (one account and region). */
export interface PullThroughCacheRule {
  ecrRepositoryPrefix: string;
  region: string;
  account: string;
  upstreamRegistryUrl: string;
  upstreamRegistry?: string;
  credentialArn?: string;
  createdAt: Date;
}

export interface EksCluster {
  name: string;
  account: string;
  region: string;
  issuer: string;
  version: string;
  createdAt: Date;
  /** Filled once the cluster's Kubernetes server listens. */
  endpoint: string;
  podIdentityAssociations: PodIdentityAssociation[];
  fargateProfiles: EksFargateProfile[];
  nodeGroups: EksNodeGroup[];
}

/** A managed node group: EKS answers its nodes' instance role as `nodeRole`. */
export interface EksNodeGroup {
  name: string;
  arn: string;
  nodeRoleArn: string;
  version: string;
  nodes: number;
  taints: Array<{ key: string; value?: string; effect: string }>;
  createdAt: Date;
}

interface EksFargateProfile {
  name: string;
  arn: string;
  podExecutionRoleArn: string;
  selectors: Array<{ namespace: string; labels: Record<string, string> }>;
  /** CREATING, ACTIVE, DELETING, CREATE_FAILED or DELETE_FAILED. */
  status: string;
  createdAt: Date;
}

export interface PodIdentityAssociation {
  associationId: string;
  associationArn: string;
  clusterName: string;
  namespace: string;
  serviceAccount: string;
  roleArn: string;
  createdAt: Date;
}

/** An IAM instance profile: the container EC2 hands an instance its role through. */
export interface InstanceProfile {
  name: string;
  path: string;
  arn: string;
  id: string;
  /** ARN of its role (IAM allows one per profile). */
  roleArn: string;
  createDate: Date;
}

/** An EC2 instance as DescribeInstances answers it: a node of a scenario cluster. */
export interface Ec2Instance {
  instanceId: string;
  account: string;
  region: string;
  /** Availability zone, as in the node's providerID. */
  zone: string;
  /** Its instance profile; none for an instance launched without one. */
  instanceProfileArn?: string;
  instanceProfileId?: string;
  launchTime: Date;
}

export interface AwsAccount {
  id: string;
  roles: Map<string, IamRole>;
  /** Instance profiles by name. */
  instanceProfiles: Map<string, InstanceProfile>;
  policies: Map<string, ManagedPolicy>;
  oidcProviders: Map<string, OidcProvider>;
  repositories: Map<string, Repository>;
  pullThroughCacheRules: PullThroughCacheRule[];
  /** The registry permissions policy (JSON text) by region. */
  registryPolicies: Map<string, string>;
}

/** Who an access key belongs to: a scenario credential or STS-issued session credentials. */
export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export interface AwsState {
  accounts: Map<string, AwsAccount>;
  awsManagedPolicies: Map<string, ManagedPolicy>;
  clusters: EksCluster[];
  /** EC2 instances by ID. */
  instances: Map<string, Ec2Instance>;
  credentials: Map<string, CallerIdentity>;
  defaultAccount: string;
  strictCredentials: boolean;
  /** Delay before a role created through the API becomes visible (ms). */
  propagationMs: number;
  clock: () => Date;
}
