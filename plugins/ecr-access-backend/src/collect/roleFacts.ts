import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  NoSuchEntityException,
  paginateListAttachedRolePolicies,
  paginateListRolePolicies,
} from '@aws-sdk/client-iam';
import { allPages } from './awsPages';
import type { IamRoleFacts } from '@ecr-access/plugin-ecr-access-node';

/** Counts AWS operations; the sandbox counts the HTTP requests, retries included. */
export type CountOperation = (operation: string) => void;

/** Role names are the last path segment of the ARN (`role/backstage/irsa-web` → `irsa-web`). */
export function roleNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/**
 * Managed policy documents, read once per audit whatever number of roles attach them: the
 * default version of `AWSPolicyX` is the same document for every role.
 */
export class ManagedPolicyDocuments {
  private readonly documents = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly iam: IAMClient,
    private readonly count: CountOperation,
  ) {}

  get(policyArn: string): Promise<string | undefined> {
    let document = this.documents.get(policyArn);
    if (!document) {
      document = this.read(policyArn);
      this.documents.set(policyArn, document);
    }
    return document;
  }

  private async read(policyArn: string) {
    this.count('iam:GetPolicy');
    const { Policy } = await this.iam.send(
      new GetPolicyCommand({ PolicyArn: policyArn }),
    );
    if (!Policy?.DefaultVersionId) return undefined;
    this.count('iam:GetPolicyVersion');
    const { PolicyVersion } = await this.iam.send(
      new GetPolicyVersionCommand({
        PolicyArn: policyArn,
        VersionId: Policy.DefaultVersionId,
      }),
    );
    return PolicyVersion?.Document;
  }
}

async function inlinePolicies(
  iam: IAMClient,
  roleName: string,
  count: CountOperation,
) {
  const names = await allPages(
    paginateListRolePolicies({ client: iam }, { RoleName: roleName }),
    () => count('iam:ListRolePolicies'),
    page => page.PolicyNames ?? [],
  );
  const documents: string[] = [];
  for (const policyName of names) {
    count('iam:GetRolePolicy');
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }),
    );
    if (PolicyDocument) documents.push(PolicyDocument);
  }
  return documents;
}

function attachedPolicyArns(
  iam: IAMClient,
  roleName: string,
  count: CountOperation,
): Promise<string[]> {
  return allPages(
    paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName }),
    () => count('iam:ListAttachedRolePolicies'),
    page =>
      (page.AttachedPolicies ?? []).flatMap(p =>
        p.PolicyArn ? [p.PolicyArn] : [],
      ),
  );
}

/**
 * What IAM says about one role: its trust policy, inline and managed policies and permissions
 * boundary, as IAM returns them (URL-encoded JSON, which the engine decodes). A role IAM does
 * not know is `exists: false`, which the engine reports as ROLE_NOT_FOUND.
 */
export async function readRoleFacts(
  iam: IAMClient,
  arn: string,
  managed: ManagedPolicyDocuments,
  count: CountOperation,
): Promise<IamRoleFacts> {
  const roleName = roleNameOf(arn);
  let role;
  try {
    count('iam:GetRole');
    role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (error) {
    if (error instanceof NoSuchEntityException) return { arn, exists: false };
    throw error;
  }
  const [inline, attached] = await Promise.all([
    inlinePolicies(iam, roleName, count),
    attachedPolicyArns(iam, roleName, count),
  ]);
  const boundaryArn = role?.PermissionsBoundary?.PermissionsBoundaryArn;
  const [managedDocuments, boundary] = await Promise.all([
    Promise.all(attached.map(policyArn => managed.get(policyArn))),
    boundaryArn ? managed.get(boundaryArn) : Promise.resolve(undefined),
  ]);
  return {
    arn,
    exists: true,
    trustPolicy: role?.AssumeRolePolicyDocument,
    inlinePolicies: inline,
    managedPolicies: managedDocuments.filter((d): d is string => !!d),
    ...(boundary && { permissionsBoundary: boundary }),
  };
}
