import { readdirSync, readFileSync, statSync } from 'fs';
import { join, resolve } from 'path';
import { parseAllDocuments } from 'yaml';
import { buildEcrPullPolicy } from './policyBuilders';
import { PolicyDocument, parsePolicy } from './policyDocument';
import {
  evaluatePolicies,
  evaluateWithBoundary,
  PolicyRequest,
} from './policyEval';

/**
 * The least-privilege IAM policies and RBAC in `examples/` (SECURITY.md) are checked here
 * against what the code really calls, with the engine's own IAM evaluator: a new SDK call or
 * Kubernetes verb fails this test until the examples grant it, and a grant nobody uses fails
 * it too. The call sites are read from the plugins' sources, so nothing here is a copied list.
 */
const repoRoot = resolve(__dirname, '../../..');
const ACCOUNT = '111122223333';
const BOUNDARY = `arn:aws:iam::${ACCOUNT}:policy/boundaries/ecr-pull-boundary`;
const MANAGED_BY = 'backstage-ecr-access';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/backstage/irsa-payments-api`;

function readPolicy(file: string): PolicyDocument {
  const parsed = parsePolicy(
    readFileSync(join(repoRoot, 'examples/iam', file), 'utf8'),
  );
  if (!parsed.ok) throw new Error(`${file}: ${parsed.error}`);
  return parsed.policy;
}

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return name === '__testUtils__' ? [] : sourcesUnder(path);
    }
    return name.endsWith('.ts') && !/\.test\.|\.examples\./.test(name)
      ? [path]
      : [];
  });
}

const SERVICE_OF_CLIENT: Record<string, string> = {
  'client-iam': 'iam',
  'client-eks': 'eks',
  'client-ecr': 'ecr',
  'client-sts': 'sts',
  'client-ec2': 'ec2',
};

/** `service:Action` for every `new XCommand(` or `paginateX(` whose import is an AWS SDK client. */
function awsActionsCalledUnder(dir: string): string[] {
  const actions = new Set<string>();
  for (const file of sourcesUnder(join(repoRoot, dir))) {
    const text = readFileSync(file, 'utf8');
    const serviceOf = new Map<string, string>();
    for (const [, names, client] of text.matchAll(
      /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/(client-\w+)'/g,
    )) {
      for (const name of names.split(',').map(n => n.trim())) {
        if (name) serviceOf.set(name, SERVICE_OF_CLIENT[client]);
      }
    }
    for (const [, command] of text.matchAll(/new (\w+)Command\(/g)) {
      const service = serviceOf.get(`${command}Command`);
      if (service) actions.add(`${service}:${command}`);
    }
    for (const [, operation] of text.matchAll(/\bpaginate(\w+)\(/g)) {
      const service = serviceOf.get(`paginate${operation}`);
      if (service) actions.add(`${service}:${operation}`);
    }
  }
  return [...actions].sort();
}

function allowedActions(policy: PolicyDocument): string[] {
  return policy.statements
    .filter(s => s.effect === 'Allow')
    .flatMap(s => s.actions ?? [])
    .sort();
}

function decide(policy: PolicyDocument, request: PolicyRequest) {
  return evaluatePolicies([policy], request).decision;
}

describe('examples/iam/audit-readonly-policy.json', () => {
  const policy = readPolicy('audit-readonly-policy.json');
  const called = awsActionsCalledUnder('plugins/ecr-access-backend/src');

  it('grants exactly the AWS reads the audit makes', () => {
    expect(called.length).toBeGreaterThan(5);
    expect(allowedActions(policy)).toEqual(called);
  });

  it('grants reads only, and no write of the provisioning actions', () => {
    for (const action of allowedActions(policy)) {
      expect(action).toMatch(/^\w+:(Get|List|Describe)\w+$/);
    }
    const writes = awsActionsCalledUnder(
      'plugins/scaffolder-backend-module-ecr-access/src',
    ).filter(a => !/:(Get|List|Describe)/.test(a));
    expect(writes).toContain('iam:CreateRole');
    for (const action of writes) {
      expect(decide(policy, { action, resource: ROLE })).not.toBe('allow');
    }
  });

  it.each([
    ['iam:GetRole', ROLE],
    ['iam:GetPolicyVersion', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess'],
    ['iam:ListOpenIDConnectProviders', '*'],
    ['eks:DescribeCluster', `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod`],
    ['ec2:DescribeInstances', '*'],
    [
      'iam:GetInstanceProfile',
      `arn:aws:iam::${ACCOUNT}:instance-profile/KarpenterNodeInstanceProfile`,
    ],
    [
      'ecr:GetRepositoryPolicy',
      `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/payments/api`,
    ],
  ])('allows %s on %s', (action, resource) => {
    expect(decide(policy, { action, resource })).toBe('allow');
  });
});

/**
 * The condition keys IAM puts in the request context of each action, among those a policy here
 * may use (Service Authorization Reference, "Actions defined by AWS Identity and Access
 * Management"). `iam:PermissionsBoundary` exists only for the actions that set or use a
 * boundary (CreateRole, Put/DeleteRolePolicy, Attach/DetachRolePolicy, Put/DeleteRolePermissionsBoundary):
 * a condition on it in a statement for TagRole or DeleteRole is never true, and the statement
 * dead. `iam:ResourceTag` needs the role to exist, so it is absent while CreateRole tags it.
 */
const KEYS_IAM_SUPPLIES: Record<string, string[]> = {
  'iam:CreateRole': [
    'iam:permissionsboundary',
    'aws:requesttag/managed-by',
    'aws:tagkeys',
  ],
  'iam:TagRole': [
    'aws:requesttag/managed-by',
    'aws:tagkeys',
    'iam:resourcetag/managed-by',
  ],
  'iam:PutRolePolicy': [
    'iam:permissionsboundary',
    'iam:resourcetag/managed-by',
  ],
  'iam:DeleteRolePolicy': [
    'iam:permissionsboundary',
    'iam:resourcetag/managed-by',
  ],
  'iam:DeleteRole': ['iam:resourcetag/managed-by'],
  'iam:GetRole': ['iam:resourcetag/managed-by'],
  'iam:ListRolePolicies': ['iam:resourcetag/managed-by'],
  'iam:GetRolePolicy': ['iam:resourcetag/managed-by'],
  'iam:ListAttachedRolePolicies': ['iam:resourcetag/managed-by'],
  'iam:GetOpenIDConnectProvider': [],
  'eks:DescribeCluster': [],
};

/** What a request knows: the values given, where IAM supplies the key; every other key absent. */
function iamRequest(
  policy: PolicyDocument,
  action: string,
  resource: string,
  values: Record<string, string[]>,
): PolicyRequest {
  const supplied = KEYS_IAM_SUPPLIES[action] ?? [];
  const context = Object.fromEntries(
    Object.entries(values).filter(([key]) => supplied.includes(key)),
  );
  const absentKeys = policy.statements
    .flatMap(s => Object.values(s.conditions).flatMap(Object.keys))
    .map(key => key.toLowerCase())
    .filter(key => !(key in context));
  return { action, resource, context, absentKeys };
}

describe('examples/iam/provisioning-policy.json', () => {
  const policy = readPolicy('provisioning-policy.json');
  const called = awsActionsCalledUnder(
    'plugins/scaffolder-backend-module-ecr-access/src',
  );
  // The tags the actions set (roleSpec.ts, taskToken.ts), before any configured ones.
  const tagKeys = [
    'managed-by',
    'backstage.io/entity-ref',
    'ecr-access.io/created-by-task',
  ];
  // What CreateRole (and the TagRole it implies) carries: the boundary and the tags.
  const creating = {
    'iam:permissionsboundary': [BOUNDARY],
    'aws:requesttag/managed-by': [MANAGED_BY],
    'aws:tagkeys': tagKeys,
  };
  // A role this plugin created: its boundary and its managed-by tag.
  const ours = {
    'iam:permissionsboundary': [BOUNDARY],
    'iam:resourcetag/managed-by': [MANAGED_BY],
  };
  const decideAs = (
    action: string,
    resource: string,
    values: Record<string, string[]>,
  ) => decide(policy, iamRequest(policy, action, resource, values));

  it('grants exactly what the actions call (CreateRole with Tags also needs iam:TagRole)', () => {
    expect(called).toContain('iam:CreateRole');
    expect(allowedActions(policy)).toEqual([...called, 'iam:TagRole'].sort());
  });

  it('conditions each Allow only on keys IAM supplies for its actions, so no statement is dead', () => {
    for (const statement of policy.statements.filter(
      s => s.effect === 'Allow',
    )) {
      const keys = Object.values(statement.conditions)
        .flatMap(Object.keys)
        .map(k => k.toLowerCase());
      for (const action of statement.actions ?? []) {
        expect(KEYS_IAM_SUPPLIES).toHaveProperty([action]);
        for (const key of keys) {
          expect([
            statement.sid,
            action,
            key,
            KEYS_IAM_SUPPLIES[action],
          ]).toEqual([
            statement.sid,
            action,
            key,
            expect.arrayContaining([key]),
          ]);
        }
      }
    }
  });

  it('allows every call the actions make, with only the keys IAM supplies for it', () => {
    const resources: Record<string, string> = {
      'iam:GetOpenIDConnectProvider': `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE`,
      'eks:DescribeCluster': `arn:aws:eks:us-east-1:${ACCOUNT}:cluster/prod-use1`,
    };
    for (const action of called) {
      const values = action === 'iam:CreateRole' ? creating : ours;
      expect([
        action,
        decideAs(action, resources[action] ?? ROLE, values),
      ]).toEqual([action, 'allow']);
    }
  });

  it('allows the TagRole that CreateRole with tags implies, before the role has any tag', () => {
    expect(decideAs('iam:TagRole', ROLE, creating)).toBe('allow');
  });

  it('allows the rollback: deleting a role this plugin created', () => {
    expect(decideAs('iam:DeleteRolePolicy', ROLE, ours)).toBe('allow');
    expect(decideAs('iam:DeleteRole', ROLE, ours)).toBe('allow');
  });

  it.each<[string, Record<string, string[]>]>([
    [
      'a role without the permissions boundary',
      {
        'aws:requesttag/managed-by': [MANAGED_BY],
        'aws:tagkeys': tagKeys,
      },
    ],
    [
      'a role with another boundary',
      {
        ...creating,
        'iam:permissionsboundary': [
          `arn:aws:iam::${ACCOUNT}:policy/AdministratorAccess`,
        ],
      },
    ],
    [
      'a role not tagged as managed by the plugin',
      { 'iam:permissionsboundary': [BOUNDARY], 'aws:tagkeys': [] },
    ],
    [
      'a role with a tag key of its own choosing',
      { ...creating, 'aws:tagkeys': [...tagKeys, 'access-level'] },
    ],
  ])('refuses to create %s', (_, values) => {
    expect(decideAs('iam:CreateRole', ROLE, values)).toBe('implicit-deny');
  });

  it.each([
    ['outside the path', `arn:aws:iam::${ACCOUNT}:role/irsa-payments-api`],
    ['without the name prefix', `arn:aws:iam::${ACCOUNT}:role/backstage/admin`],
  ])('refuses to create or tag a role %s', (_, resource) => {
    expect(decideAs('iam:CreateRole', resource, creating)).toBe(
      'implicit-deny',
    );
    expect(decideAs('iam:TagRole', resource, creating)).toBe('implicit-deny');
  });

  it("refuses tags other than the plugin's, and tagging a role as not managed", () => {
    expect(
      decideAs('iam:TagRole', ROLE, {
        ...creating,
        'aws:tagkeys': ['managed-by', 'access-level'],
      }),
    ).toBe('implicit-deny');
    expect(
      decideAs('iam:TagRole', ROLE, {
        'aws:requesttag/managed-by': ['terraform'],
        'aws:tagkeys': ['managed-by'],
      }),
    ).toBe('implicit-deny');
  });

  it.each(['iam:PutRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole'])(
    'refuses %s on a role the plugin did not create',
    action => {
      expect(
        decideAs(action, ROLE, {
          'iam:permissionsboundary': [BOUNDARY],
          'iam:resourcetag/managed-by': ['terraform'],
        }),
      ).toBe('implicit-deny');
      expect(
        decideAs(
          action,
          `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`,
          ours,
        ),
      ).toBe('implicit-deny');
    },
  );

  it('refuses a new inline policy on a role whose boundary was changed', () => {
    expect(
      decideAs('iam:PutRolePolicy', ROLE, {
        ...ours,
        'iam:permissionsboundary': [`arn:aws:iam::${ACCOUNT}:policy/wide`],
      }),
    ).toBe('implicit-deny');
  });

  it.each([
    ['iam:DeleteRolePermissionsBoundary', ROLE],
    ['iam:PutRolePermissionsBoundary', ROLE],
    ['iam:UpdateAssumeRolePolicy', ROLE],
    ['iam:AttachRolePolicy', ROLE],
    ['iam:UntagRole', ROLE],
    ['iam:PassRole', ROLE],
    ['iam:CreatePolicyVersion', BOUNDARY],
    ['iam:SetDefaultPolicyVersion', BOUNDARY],
  ])('explicitly denies %s, whatever else grants it', (action, resource) => {
    expect(decide(policy, { action, resource, context: ours })).toBe(
      'explicit-deny',
    );
  });

  it('names one boundary, the one the examples define', () => {
    const boundaries = new Set(
      policy.statements.flatMap(
        s => s.conditions.StringEquals?.['iam:PermissionsBoundary'] ?? [],
      ),
    );
    expect([...boundaries]).toEqual([BOUNDARY]);
  });
});

describe('examples/iam/ecr-pull-boundary.json', () => {
  const boundary = readPolicy('ecr-pull-boundary.json');
  const repository = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/payments/api`;
  const pullPolicy = () => {
    const parsed = parsePolicy(
      buildEcrPullPolicy({ repositoryArns: [repository] }),
    );
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.policy;
  };
  const everything = () => {
    const parsed = parsePolicy({
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    return parsed.policy;
  };

  it.each([
    ['ecr:GetAuthorizationToken', '*'],
    ['ecr:BatchGetImage', repository],
    ['ecr:GetDownloadUrlForLayer', repository],
    ['ecr:BatchCheckLayerAvailability', repository],
  ])('lets the pull policy the actions write allow %s', (action, resource) => {
    expect(
      evaluateWithBoundary([pullPolicy()], boundary, { action, resource })
        .decision,
    ).toBe('allow');
  });

  it.each([
    ['ecr:PutImage', repository],
    ['ecr:DeleteRepository', repository],
    ['s3:GetObject', 'arn:aws:s3:::payroll/2026.csv'],
    ['iam:CreateRole', ROLE],
    ['sts:AssumeRole', `arn:aws:iam::${ACCOUNT}:role/admin`],
    [
      'ecr:BatchGetImage',
      'arn:aws:ecr:us-east-1:999999999999:repository/elsewhere',
    ],
  ])(
    'caps a role whose inline policy a compromised template widened: no %s',
    (action, resource) => {
      expect(
        evaluateWithBoundary([everything()], boundary, { action, resource })
          .decision,
      ).not.toBe('allow');
    },
  );
});

function rbacRules(file: string) {
  const docs = parseAllDocuments(
    readFileSync(join(repoRoot, 'examples/kubernetes', file), 'utf8'),
  ).map(d => d.toJS());
  const role = docs.find(d => d.kind === 'ClusterRole');
  return role.rules as Array<{
    apiGroups: string[];
    resources: string[];
    verbs: string[];
  }>;
}

describe('examples/kubernetes RBAC', () => {
  it('ecr-access-reader grants list on every kind the audit lists, and get on ConfigMaps only', () => {
    const kinds = readFileSync(
      join(
        repoRoot,
        'plugins/ecr-access-backend/src/collect/kubernetesKinds.ts',
      ),
      'utf8',
    );
    const listed = new Set(
      [
        ...kinds.matchAll(/path: '\/(?:api\/v1|apis\/([\w.-]*)\/\w+)\/(\w+)'/g),
      ].map(([, group, resource]) => `${group ?? ''}/${resource}`),
    );
    expect(listed.size).toBeGreaterThan(8);
    const rules = rbacRules('ecr-access-reader.yaml');
    const granted = (verb: string) =>
      new Set(
        rules
          .filter(r => r.verbs.includes(verb))
          .flatMap(r =>
            r.apiGroups.flatMap(g => r.resources.map(res => `${g}/${res}`)),
          ),
      );
    expect([...granted('list')].sort()).toEqual([...listed].sort());
    // The refresher search reads named ConfigMaps of its candidates, one GET each.
    const mentions = readFileSync(
      join(
        repoRoot,
        'plugins/ecr-access-backend/src/collect/refresherMentions.ts',
      ),
      'utf8',
    );
    expect(mentions).toContain('configmaps');
    expect([...granted('get')]).toEqual(['/configmaps']);
    expect(new Set(rules.flatMap(r => r.verbs))).toEqual(
      new Set(['list', 'get']),
    );
  });

  it('ecr-access-provisioner grants exactly the ServiceAccount verbs the actions use', () => {
    const verbOf: Record<string, string> = {
      read: 'get',
      create: 'create',
      patch: 'patch',
      replace: 'update',
      delete: 'delete',
    };
    const used = new Set<string>();
    for (const file of sourcesUnder(
      join(repoRoot, 'plugins/scaffolder-backend-module-ecr-access/src'),
    )) {
      const text = readFileSync(file, 'utf8');
      for (const [, verb, resource] of text.matchAll(
        /\b(read|create|patch|replace|delete)Namespaced(\w+)\(/g,
      )) {
        expect(resource).toBe('ServiceAccount');
        used.add(verbOf[verb]);
      }
    }
    const rules = rbacRules('ecr-access-provisioner.yaml');
    expect(rules).toEqual([
      {
        apiGroups: [''],
        resources: ['serviceaccounts'],
        verbs: expect.arrayContaining([...used]),
      },
    ]);
    expect(rules[0].verbs.sort()).toEqual([...used].sort());
  });
});
