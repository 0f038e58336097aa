import { AwsContext, callerAccount } from '../context';
import { iamErrors } from '../errors';
import { AwsAccount, IamRole, ManagedPolicy } from '../model';
import {
  memberList,
  pageOf,
  QueryParams,
  truncation,
  XmlValue,
} from '../query';
import { attachedPolicies } from './rolePolicies';
import { isVisible } from './roles';
import {
  boundaryView,
  encodeDocument,
  IamResult,
  policyVersionView,
  policyView,
  tagList,
} from './views';

/**
 * GetAccountAuthorizationDetails (IAM API reference): the account's roles with their trust,
 * inline policies (`RolePolicyList`), attached policies, boundary and tags, and its managed
 * policies with their versions, every document URL-encoded as IAM sends them. `Filter.member.N`
 * picks entity types (all five when absent); `MaxItems` (1 to 1,000, default 100) counts
 * entities of every type together, and `Marker`/`IsTruncated` page through them. The sandbox
 * has no users or groups, so `UserDetailList` and `GroupDetailList` are always empty; the AWS
 * managed policies listed are those the account uses (attached or as a boundary), as IAM lists
 * them, not all of AWS's.
 */
const ENTITY_TYPES = [
  'User',
  'Role',
  'LocalManagedPolicy',
  'Group',
  'AWSManagedPolicy',
] as const;
type EntityType = (typeof ENTITY_TYPES)[number];

function filterOf(params: QueryParams): Set<EntityType> {
  const requested = memberList(params, 'Filter');
  const unknown = requested.filter(
    t => !(ENTITY_TYPES as readonly string[]).includes(t),
  );
  if (unknown.length > 0) {
    throw iamErrors.validation(
      `1 validation error detected: Value '[${requested.join(
        ', ',
      )}]' at 'filter' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${ENTITY_TYPES.join(
        ', ',
      )}]]`,
    );
  }
  return new Set(
    (requested.length > 0 ? requested : ENTITY_TYPES) as EntityType[],
  );
}

function checkMaxItems(params: QueryParams): void {
  const raw = params.get('MaxItems');
  if (raw === undefined) return;
  const value = Number(raw);
  if (value < 1 || value > 1000) {
    const bound =
      value < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000';
    throw iamErrors.validation(
      `1 validation error detected: Value '${raw}' at 'maxItems' failed to satisfy constraint: Member must have value ${bound}`,
    );
  }
}

/** How many roles attach each managed policy, and how many have it as their boundary. */
function usageOf(account: AwsAccount) {
  const usage = new Map<string, { attachments: number; boundaries: number }>();
  const of = (arn: string) => {
    const counts = usage.get(arn) ?? { attachments: 0, boundaries: 0 };
    usage.set(arn, counts);
    return counts;
  };
  for (const role of account.roles.values()) {
    for (const arn of role.attachedPolicyArns) of(arn).attachments++;
    if (role.permissionsBoundaryArn)
      of(role.permissionsBoundaryArn).boundaries++;
  }
  return usage;
}

function roleDetail(ctx: AwsContext, role: IamRole): XmlValue {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.roleId,
    Arn: role.arn,
    CreateDate: role.createDate,
    AssumeRolePolicyDocument: encodeDocument(role.trustPolicy),
    // The sandbox has no instance profiles.
    InstanceProfileList: [],
    RolePolicyList: [...role.inlinePolicies]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([PolicyName, document]) => ({
        PolicyName,
        PolicyDocument: encodeDocument(document),
      })),
    AttachedManagedPolicies: attachedPolicies(ctx, role),
    PermissionsBoundary: boundaryView(role),
    Tags: role.tags.size > 0 ? tagList(role.tags) : undefined,
    RoleLastUsed: {},
  };
}

function policyDetail(
  policy: ManagedPolicy,
  usage: ReturnType<typeof usageOf>,
): XmlValue {
  const { attachments, boundaries } = usage.get(policy.arn) ?? {
    attachments: 0,
    boundaries: 0,
  };
  return {
    ...policyView(policy, attachments, boundaries),
    PolicyVersionList: [policyVersionView(policy)],
  };
}

/** An entity of the listing; its detail is rendered only for the page that holds it. */
type Entity = { list: 'RoleDetailList' | 'Policies'; detail: () => XmlValue };

/** The entities the filter selects, in the order pages hand them out: roles, then policies. */
function entitiesOf(ctx: AwsContext, filter: Set<EntityType>): Entity[] {
  const account = callerAccount(ctx);
  const usage = usageOf(account);
  const byName = <T extends { name: string }>(a: T, b: T) =>
    a.name.localeCompare(b.name);
  const roles = filter.has('Role')
    ? [...account.roles.values()].filter(isVisible).sort(byName)
    : [];
  const local = filter.has('LocalManagedPolicy')
    ? [...account.policies.values()].sort(byName)
    : [];
  const awsManaged = filter.has('AWSManagedPolicy')
    ? [...ctx.state.awsManagedPolicies.values()]
        .filter(p => usage.has(p.arn))
        .sort(byName)
    : [];
  return [
    ...roles.map(role => ({
      list: 'RoleDetailList' as const,
      detail: () => roleDetail(ctx, role),
    })),
    ...[...local, ...awsManaged].map(policy => ({
      list: 'Policies' as const,
      detail: () => policyDetail(policy, usage),
    })),
  ];
}

export function getAccountAuthorizationDetails(
  ctx: AwsContext,
  params: QueryParams,
): IamResult {
  const filter = filterOf(params);
  checkMaxItems(params);
  const { page, marker } = pageOf(entitiesOf(ctx, filter), params);
  const listed = (list: Entity['list']) =>
    page.filter(e => e.list === list).map(e => e.detail());
  return {
    UserDetailList: [],
    GroupDetailList: [],
    RoleDetailList: listed('RoleDetailList'),
    Policies: listed('Policies'),
    ...truncation(marker),
  };
}
