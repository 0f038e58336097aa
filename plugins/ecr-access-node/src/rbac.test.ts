import { secretWriteAccess } from './rbac';

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
