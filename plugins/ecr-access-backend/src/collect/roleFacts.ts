import {
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
 * What IAM says about one existing role, however it was read (one role at a time, or the
 * account's in bulk): documents as IAM returns them (URL-encoded JSON, which the engine
 * decodes), managed policies and boundary by ARN.
 */
export interface RoleParts {
  trustPolicy?: string;
  inlinePolicies: Array<{ name: string; document?: string }>;
  attachedPolicyArns: string[];
  permissionsBoundaryArn?: string;
}

/** A managed policy's default version document, by policy ARN. */
export type ManagedDocument = (
  policyArn: string,
) => Promise<string | undefined>;

// Code-unit order: the same whatever order IAM lists names and attachments in.
const byText = (a: string, b: string) => (a < b ? -1 : Number(a > b));

/**
 * The facts the engine gets for an existing role. Both ways of reading a role end here, so
 * that the engine cannot tell which one was taken: inline policies in name order, managed
 * policies in ARN order, a boundary only when it has a document.
 */
export async function roleFactsOf(
  arn: string,
  role: RoleParts,
  managedDocument: ManagedDocument,
): Promise<IamRoleFacts> {
  const inline = [...role.inlinePolicies]
    .sort((a, b) => byText(a.name, b.name))
    .flatMap(p => (p.document ? [p.document] : []));
  const attached = [...role.attachedPolicyArns].sort(byText);
  const boundaryArn = role.permissionsBoundaryArn;
  const [managedDocuments, boundary] = await Promise.all([
    Promise.all(attached.map(managedDocument)),
    boundaryArn ? managedDocument(boundaryArn) : Promise.resolve(undefined),
  ]);
  return {
    arn,
    exists: true,
    trustPolicy: role.trustPolicy,
    inlinePolicies: inline,
    managedPolicies: managedDocuments.filter((d): d is string => !!d),
    ...(boundary && { permissionsBoundary: boundary }),
  };
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
  const policies: RoleParts['inlinePolicies'] = [];
  for (const name of names) {
    count('iam:GetRolePolicy');
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({ RoleName: roleName, PolicyName: name }),
    );
    policies.push({ name, document: PolicyDocument });
  }
  return policies;
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
 * One role read on its own: GetRole, then its inline policies (ListRolePolicies, GetRolePolicy
 * each) and attached policies (ListAttachedRolePolicies). A role IAM does not know is
 * `exists: false`, which the engine reports as ROLE_NOT_FOUND.
 */
export async function readRoleFacts(
  iam: IAMClient,
  arn: string,
  managedDocument: ManagedDocument,
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
  return roleFactsOf(
    arn,
    {
      trustPolicy: role?.AssumeRolePolicyDocument,
      inlinePolicies: inline,
      attachedPolicyArns: attached,
      permissionsBoundaryArn: role?.PermissionsBoundary?.PermissionsBoundaryArn,
    },
    managedDocument,
  );
}
