import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  Role,
} from '@aws-sdk/client-iam';
import { BackoffOptions, pollWithBackoff } from './backoff';
import { isNoSuchEntity } from './iamErrors';
import { canonicalPolicy } from './policyJson';
import {
  CREATED_BY_TASK_TAG,
  IrsaRoleSpec,
  MANAGED_BY_TAG,
  PULL_POLICY_NAME,
} from './roleSpec';

/**
 * What IAM holds under the role's name, compared with what provisioning would create.
 */
export type ExistingRole =
  | { state: 'absent' }
  /** Not tagged managed-by this plugin: never touched. */
  | { state: 'foreign'; arn: string }
  /**
   * Created by this plugin, but something differs from the spec. `incomplete`: the role is as
   * specified but holds no policy at all, as `CreateRole` leaves it before `PutRolePolicy` (a
   * run stopped between the two, or a rollback between `DeleteRolePolicy` and `DeleteRole`).
   */
  | {
      state: 'different';
      arn: string;
      differences: string[];
      createdByTask?: string;
      incomplete: boolean;
    }
  /** Created by this plugin and exactly as specified: reused with zero writes. */
  | { state: 'same'; arn: string; createdByTask?: string };

async function getRole(
  iam: IAMClient,
  roleName: string,
): Promise<Role | undefined> {
  try {
    return (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
}

function tagDifferences(role: Role, spec: IrsaRoleSpec): string[] {
  const actual = new Map((role.Tags ?? []).map(t => [t.Key, t.Value]));
  // Tags added by others (e.g. an organization's tag policy) are tolerated; ours must match.
  return Object.entries(spec.tags)
    .filter(([key, value]) => actual.get(key) !== value)
    .map(
      ([key, value]) =>
        `tag ${key} is ${JSON.stringify(
          actual.get(key) ?? null,
        )}, not ${JSON.stringify(value)}`,
    );
}

/** How the role's policies differ from the spec, and whether it has none at all. */
async function policyDifferences(
  iam: IAMClient,
  spec: IrsaRoleSpec,
): Promise<{ differences: string[]; none: boolean }> {
  const differences: string[] = [];
  const inline = await iam.send(
    new ListRolePoliciesCommand({ RoleName: spec.roleName }),
  );
  const names = inline.PolicyNames ?? [];
  if (names.length !== 1 || names[0] !== PULL_POLICY_NAME) {
    differences.push(
      `inline policies are [${names.join(', ')}], not [${PULL_POLICY_NAME}]`,
    );
  }
  if (names.includes(PULL_POLICY_NAME)) {
    const { PolicyDocument } = await iam.send(
      new GetRolePolicyCommand({
        RoleName: spec.roleName,
        PolicyName: PULL_POLICY_NAME,
      }),
    );
    if (canonicalPolicy(PolicyDocument) !== canonicalPolicy(spec.pullPolicy)) {
      differences.push(`inline policy ${PULL_POLICY_NAME} differs`);
    }
  }
  const attached = await iam.send(
    new ListAttachedRolePoliciesCommand({ RoleName: spec.roleName }),
  );
  if (attached.AttachedPolicies?.length) {
    differences.push(
      `managed policies are attached (${attached.AttachedPolicies.map(
        p => p.PolicyArn,
      ).join(', ')})`,
    );
  }
  const none = names.length === 0 && !attached.AttachedPolicies?.length;
  return { differences, none };
}

/** Whether the role itself (not its policies) is as provisioning makes it. */
function roleDifferences(role: Role, spec: IrsaRoleSpec): string[] {
  const differences: string[] = [];
  if (
    canonicalPolicy(role.AssumeRolePolicyDocument) !==
    canonicalPolicy(spec.trustPolicy)
  ) {
    differences.push('trust policy differs');
  }
  if (role.Path !== spec.path) {
    differences.push(`path is ${role.Path}, not ${spec.path}`);
  }
  const boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
  if (boundary !== spec.permissionsBoundaryArn) {
    differences.push(
      `permissions boundary is ${boundary ?? 'none'}, not ${
        spec.permissionsBoundaryArn ?? 'none'
      }`,
    );
  }
  differences.push(...tagDifferences(role, spec));
  return differences;
}

const isManaged = (role: Role) =>
  role.Tags?.some(
    t => t.Key === MANAGED_BY_TAG.key && t.Value === MANAGED_BY_TAG.value,
  ) ?? false;

const createdByTask = (role: Role) =>
  role.Tags?.find(t => t.Key === CREATED_BY_TASK_TAG)?.Value;

/**
 * Reads the role of that name and says whether it can be reused. Only reads.
 */
export async function inspectRole(
  iam: IAMClient,
  spec: IrsaRoleSpec,
): Promise<ExistingRole> {
  const role = await getRole(iam, spec.roleName);
  if (!role) return { state: 'absent' };
  const arn = role.Arn!;
  if (!isManaged(role)) return { state: 'foreign', arn };
  const ofRole = roleDifferences(role, spec);
  const policies = await policyDifferences(iam, spec);
  const differences = [...ofRole, ...policies.differences];
  const task = createdByTask(role);
  if (!differences.length) return { state: 'same', arn, createdByTask: task };
  const incomplete = ofRole.length === 0 && policies.none;
  return {
    state: 'different',
    arn,
    differences,
    createdByTask: task,
    incomplete,
  };
}

/**
 * After a CreateRole that seemed to fail: whether IAM holds the role exactly as that call asked
 * for it (trust, path, boundary, tags) and tagged with this task's token, i.e. this call did
 * its work and only its answer was lost (the SDK's retry of it then answers
 * EntityAlreadyExists). A role as asked but with another token was made by another run of the
 * same template meanwhile, and is not this run's to clean up. Only reads.
 */
export async function createdByThisTask(
  iam: IAMClient,
  spec: IrsaRoleSpec,
  taskToken: string,
): Promise<boolean> {
  const role = await getRole(iam, spec.roleName);
  return (
    role !== undefined &&
    isManaged(role) &&
    createdByTask(role) === taskToken &&
    roleDifferences(role, spec).length === 0
  );
}

/**
 * CreateRole with trust, path, boundary and tags (the spec's, and the task's token) in one
 * call, so the role is never untagged or unbounded.
 */
export async function createRole(
  iam: IAMClient,
  spec: IrsaRoleSpec,
  description: string,
  taskToken: string,
): Promise<string> {
  const { Role: created } = await iam.send(
    new CreateRoleCommand({
      RoleName: spec.roleName,
      Path: spec.path,
      Description: description,
      AssumeRolePolicyDocument: JSON.stringify(spec.trustPolicy),
      PermissionsBoundary: spec.permissionsBoundaryArn,
      Tags: Object.entries({
        ...spec.tags,
        [CREATED_BY_TASK_TAG]: taskToken,
      }).map(([Key, Value]) => ({ Key, Value })),
    }),
  );
  return created?.Arn ?? spec.arn;
}

export async function putPullPolicy(
  iam: IAMClient,
  spec: IrsaRoleSpec,
): Promise<void> {
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: spec.roleName,
      PolicyName: PULL_POLICY_NAME,
      PolicyDocument: JSON.stringify(spec.pullPolicy),
    }),
  );
}

/**
 * Waits until IAM's reads see the new role; STS sees it about when reads do. Returns false
 * when it is still invisible after the bounded backoff.
 */
export async function waitForRole(
  iam: IAMClient,
  roleName: string,
  backoff: BackoffOptions,
): Promise<boolean> {
  return pollWithBackoff(
    async () => (await getRole(iam, roleName)) !== undefined,
    backoff,
  );
}

/**
 * Deletes a role this run created: its inline policy first (DeleteRole answers DeleteConflict
 * while a role has policies).
 */
export async function deleteRole(
  iam: IAMClient,
  roleName: string,
): Promise<void> {
  try {
    await iam.send(
      new DeleteRolePolicyCommand({
        RoleName: roleName,
        PolicyName: PULL_POLICY_NAME,
      }),
    );
  } catch (error) {
    if (!isNoSuchEntity(error)) throw error;
  }
  try {
    await iam.send(new DeleteRoleCommand({ RoleName: roleName }));
  } catch (error) {
    // Gone is what was asked: a retried DeleteRole whose first answer was lost says NoSuchEntity.
    if (!isNoSuchEntity(error)) throw error;
  }
}
