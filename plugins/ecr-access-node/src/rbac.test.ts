import { mayWriteSecrets, secretWriteAccess } from './rbac';

const sa = { namespace: 'shop', name: 'ecr-cred-helper' };
const target = { namespace: 'shop', name: 'regcred' };

function role(rules: object[], name = 'writer', namespace = 'shop') {
  return { metadata: { name, namespace }, rules };
}
function binding(roleRef: object, subjects: object[], namespace = 'shop') {
  return { metadata: { name: 'b', namespace }, roleRef, subjects };
}
const saSubject = {
  kind: 'ServiceAccount',
  name: 'ecr-cred-helper',
  namespace: 'shop',
};
const rule = (extra: object = {}) => ({
  apiGroups: [''],
  resources: ['secrets'],
  verbs: ['patch'],
  ...extra,
});

describe('secretWriteAccess', () => {
  it('is scoped when the Role names the secret', () => {
    const rbac = {
      roles: [role([rule({ resourceNames: ['regcred'] })])],
      roleBindings: [binding({ kind: 'Role', name: 'writer' }, [saSubject])],
    };
    expect(secretWriteAccess(rbac, sa, target)).toBe('scoped');
  });

  it('is broad when the Role covers every secret', () => {
    const rbac = {
      roles: [role([rule()])],
      roleBindings: [binding({ kind: 'Role', name: 'writer' }, [saSubject])],
    };
    expect(secretWriteAccess(rbac, sa, target)).toBe('broad');
  });

  it.each([
    ['another secret', [rule({ resourceNames: ['other'] })]],
    ['read-only verbs', [rule({ verbs: ['get', 'list'] })]],
    ['another resource', [rule({ resources: ['configmaps'] })]],
    ['another API group', [rule({ apiGroups: ['apps'] })]],
  ])('is none for %s', (_label, rules) => {
    const rbac = {
      roles: [role(rules)],
      roleBindings: [binding({ kind: 'Role', name: 'writer' }, [saSubject])],
    };
    expect(secretWriteAccess(rbac, sa, target)).toBe('none');
  });

  it('ignores bindings of other subjects or namespaces', () => {
    const roles = [role([rule()])];
    expect(
      secretWriteAccess(
        {
          roles,
          roleBindings: [
            binding({ kind: 'Role', name: 'writer' }, [
              { ...saSubject, name: 'other' },
            ]),
          ],
        },
        sa,
        target,
      ),
    ).toBe('none');
    expect(
      secretWriteAccess(
        {
          roles,
          roleBindings: [
            binding({ kind: 'Role', name: 'writer' }, [saSubject], 'other'),
          ],
        },
        sa,
        target,
      ),
    ).toBe('none');
  });

  it('follows RoleBindings to ClusterRoles and ClusterRoleBindings', () => {
    const clusterRoles = [
      { metadata: { name: 'secret-writer' }, rules: [rule({ verbs: ['*'] })] },
    ];
    expect(
      secretWriteAccess(
        {
          clusterRoles,
          roleBindings: [
            binding({ kind: 'ClusterRole', name: 'secret-writer' }, [
              saSubject,
            ]),
          ],
        },
        sa,
        target,
      ),
    ).toBe('broad');
    expect(
      secretWriteAccess(
        {
          clusterRoles,
          clusterRoleBindings: [
            binding(
              { kind: 'ClusterRole', name: 'secret-writer' },
              [saSubject],
              undefined as never,
            ),
          ],
        },
        sa,
        target,
      ),
    ).toBe('broad');
  });

  it('survives malformed objects', () => {
    expect(
      secretWriteAccess(
        {
          roles: [null, 3, { rules: 'x' }],
          roleBindings: [
            {},
            { metadata: { namespace: 'shop' }, subjects: [null] },
          ],
        },
        sa,
        target,
      ),
    ).toBe('none');
  });
});

describe('delete and create: seed 002 re-creates the secret', () => {
  const secrets = (extra: object) => ({
    apiGroups: [''],
    resources: ['secrets'],
    ...extra,
  });
  const access = (rules: object[], extra: object = {}) =>
    secretWriteAccess(
      {
        roles: [role(rules)],
        roleBindings: [binding({ kind: 'Role', name: 'writer' }, [saSubject])],
        ...extra,
      },
      sa,
      target,
    );

  it.each([
    [
      'delete regcred, create any (seed 002)',
      [
        secrets({ resourceNames: ['regcred'], verbs: ['delete'] }),
        secrets({ verbs: ['create'] }),
      ],
      'scoped',
    ],
    [
      'delete and create any secret',
      [secrets({ verbs: ['create', 'delete'] })],
      'broad',
    ],
    ['create only', [secrets({ verbs: ['create'] })], 'none'],
    [
      'delete only',
      [secrets({ resourceNames: ['regcred'], verbs: ['delete'] })],
      'none',
    ],
    [
      'create limited by resourceNames (never authorised)',
      [secrets({ resourceNames: ['regcred'], verbs: ['delete', 'create'] })],
      'none',
    ],
    [
      'delete another secret',
      [
        secrets({ resourceNames: ['other'], verbs: ['delete'] }),
        secrets({ verbs: ['create'] }),
      ],
      'none',
    ],
    [
      'verbs ["*"] on regcred',
      [secrets({ resourceNames: ['regcred'], verbs: ['*'] })],
      'scoped',
    ],
  ])('%s: %s', (_label, rules, expected) => {
    expect(access(rules)).toBe(expected);
  });

  it('adds up the verbs of several roles: a Role deletes, a ClusterRole creates', () => {
    const rbac = {
      roles: [
        role([secrets({ resourceNames: ['regcred'], verbs: ['delete'] })]),
      ],
      clusterRoles: [
        {
          metadata: { name: 'secret-creator' },
          rules: [secrets({ verbs: ['create'] })],
        },
      ],
      roleBindings: [
        binding({ kind: 'Role', name: 'writer' }, [saSubject]),
        {
          ...binding({ kind: 'ClusterRole', name: 'secret-creator' }, [
            saSubject,
          ]),
          metadata: { name: 'b2', namespace: 'shop' },
        },
      ],
    };
    expect(secretWriteAccess(rbac, sa, target)).toBe('scoped');
  });

  it('mayWriteSecrets picks the ServiceAccounts with any secret-writing grant', () => {
    const rbac = (verbs: string[]) => ({
      roles: [role([secrets({ verbs })])],
      roleBindings: [binding({ kind: 'Role', name: 'writer' }, [saSubject])],
    });
    expect(mayWriteSecrets(rbac(['delete']), sa)).toBe(true);
    expect(mayWriteSecrets(rbac(['get', 'list']), sa)).toBe(false);
    expect(mayWriteSecrets(rbac(['patch']), { ...sa, name: 'other' })).toBe(
      false,
    );
  });
});
