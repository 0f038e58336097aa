import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  NoSuchEntityException,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { Sandbox } from '@ecr-access/sandbox';
import fetch from 'node-fetch';
import type { ManifestObject } from '../__fixtures__/manifests';

/**
 * Writes to the sandbox through the same public APIs a person would use (IAM Query API,
 * Kubernetes merge patch), for tests that change the world between two audits.
 */
export class IamRoleCopier {
  private readonly iam: IAMClient;

  constructor(endpoint: string, accountId: string) {
    this.iam = new IAMClient({
      endpoint,
      region: 'us-east-1',
      credentials: {
        accessKeyId:
          accountId === '111122223333'
            ? 'AKIAECRACCESSDEMO0001'
            : 'AKIAECRACCESSDEMO0002',
        secretAccessKey: 'sandbox',
      },
      maxAttempts: 1,
    });
  }

  /** A new role with the trust, path, boundary, tags and policies of `source`; its ARN. */
  async copyRole(source: string, name: string): Promise<string> {
    const { Role } = await this.iam.send(
      new GetRoleCommand({ RoleName: source }),
    );
    const created = await this.iam.send(
      new CreateRoleCommand({
        RoleName: name,
        Path: Role!.Path,
        AssumeRolePolicyDocument: decodeURIComponent(
          Role!.AssumeRolePolicyDocument!,
        ),
        PermissionsBoundary: Role!.PermissionsBoundary?.PermissionsBoundaryArn,
        Tags: Role!.Tags,
      }),
    );
    const { PolicyNames } = await this.iam.send(
      new ListRolePoliciesCommand({ RoleName: source }),
    );
    for (const PolicyName of PolicyNames ?? []) {
      const { PolicyDocument } = await this.iam.send(
        new GetRolePolicyCommand({ RoleName: source, PolicyName }),
      );
      await this.iam.send(
        new PutRolePolicyCommand({
          RoleName: name,
          PolicyName,
          PolicyDocument: decodeURIComponent(PolicyDocument!),
        }),
      );
    }
    const { AttachedPolicies } = await this.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: source }),
    );
    for (const policy of AttachedPolicies ?? []) {
      await this.iam.send(
        new AttachRolePolicyCommand({
          RoleName: name,
          PolicyArn: policy.PolicyArn,
        }),
      );
    }
    return created.Role!.Arn!;
  }

  /** Waits (polling GetRole) until IAM shows the role: eventual consistency has passed. */
  async waitUntilVisible(name: string): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      try {
        await this.iam.send(new GetRoleCommand({ RoleName: name }));
        return;
      } catch (error) {
        if (!(error instanceof NoSuchEntityException)) throw error;
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    }
    throw new Error(`role ${name} never became visible`);
  }

  async deleteRole(name: string): Promise<void> {
    const { PolicyNames } = await this.iam.send(
      new ListRolePoliciesCommand({ RoleName: name }),
    );
    for (const PolicyName of PolicyNames ?? []) {
      await this.iam.send(
        new DeleteRolePolicyCommand({ RoleName: name, PolicyName }),
      );
    }
    const { AttachedPolicies } = await this.iam.send(
      new ListAttachedRolePoliciesCommand({ RoleName: name }),
    );
    for (const policy of AttachedPolicies ?? []) {
      await this.iam.send(
        new DetachRolePolicyCommand({
          RoleName: name,
          PolicyArn: policy.PolicyArn,
        }),
      );
    }
    await this.iam.send(new DeleteRoleCommand({ RoleName: name }));
  }
}

/** Authenticated request to one sandbox cluster's API server. */
export async function kubernetesRequest(
  sandbox: Sandbox,
  clusterName: string,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
) {
  const cluster = sandbox.clusters.find(c => c.name === clusterName)!;
  const res = await fetch(`${cluster.url}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${cluster.token}`,
      'Content-Type': contentType,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) {
    throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  }
  return JSON.parse(text);
}

/** Sets one annotation of a ServiceAccount (merge patch); returns its previous value. */
export async function patchServiceAccountAnnotation(
  sandbox: Sandbox,
  clusterName: string,
  namespace: string,
  name: string,
  key: string,
  value: string,
): Promise<string | undefined> {
  const path = `/api/v1/namespaces/${namespace}/serviceaccounts/${name}`;
  const before = await kubernetesRequest(sandbox, clusterName, 'GET', path);
  await kubernetesRequest(
    sandbox,
    clusterName,
    'PATCH',
    path,
    { metadata: { annotations: { [key]: value } } },
    'application/merge-patch+json',
  );
  return before.metadata?.annotations?.[key];
}

const PATHS: Record<string, string> = {
  Namespace: '/api/v1/namespaces',
  ServiceAccount: '/api/v1/namespaces/NS/serviceaccounts',
  Secret: '/api/v1/namespaces/NS/secrets',
  ConfigMap: '/api/v1/namespaces/NS/configmaps',
  CronJob: '/apis/batch/v1/namespaces/NS/cronjobs',
  Job: '/apis/batch/v1/namespaces/NS/jobs',
  Deployment: '/apis/apps/v1/namespaces/NS/deployments',
  Role: '/apis/rbac.authorization.k8s.io/v1/namespaces/NS/roles',
  RoleBinding: '/apis/rbac.authorization.k8s.io/v1/namespaces/NS/rolebindings',
  ClusterRole: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
  ClusterRoleBinding: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
  ExternalSecret: '/apis/external-secrets.io/v1/namespaces/NS/externalsecrets',
};

/** The collection a kind is POSTed to, as kubectl finds it; undefined for kinds not served. */
export function collectionPath(
  kind: string,
  namespace = 'default',
): string | undefined {
  return PATHS[kind]?.replace('NS', namespace);
}

/** Creates one object through the cluster's Kubernetes API (POST), as `kubectl create` would. */
export async function postObject(
  sandbox: Sandbox,
  cluster: string,
  object: ManifestObject,
  fieldManager?: string,
) {
  const query = fieldManager ? `?fieldManager=${fieldManager}` : '';
  const collection = collectionPath(object.kind, object.metadata.namespace);
  return kubernetesRequest(
    sandbox,
    cluster,
    'POST',
    `${collection}${query}`,
    object,
  );
}
