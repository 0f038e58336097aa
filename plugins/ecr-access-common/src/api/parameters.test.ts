import {
  AuditQuery,
  auditQuerySchema,
  auditRunsQuerySchema,
} from './parameters';

/** What the frontend client sends: each given value as a string, as URLSearchParams does. */
function asQueryString(query: object): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query).map(([key, value]) => [key, String(value)]),
  );
}

describe('query parameters', () => {
  it('parse back exactly what a client typed with AuditQuery sends', () => {
    const query: AuditQuery = {
      mechanism: 'static-secret',
      health: 'error',
      owner: 'group:default/team-a',
      cluster: 'prod-use1',
      finding: 'SECRET_EXPIRED',
      stale: false,
      q: 'billing',
      after: 'WyJoZWFsdGgiLCJkZXNjIiwzLCJjb21wb25lbnQ6ZGVmYXVsdC93ZWIiXQ',
      offset: 50,
      limit: 25,
      orderBy: 'health',
      order: 'desc',
    };
    expect(auditQuerySchema.parse(asQueryString(query))).toEqual(query);
  });

  it('reject a cursor that is not base64url', () => {
    expect(auditQuerySchema.safeParse({ after: 'a b' }).success).toBe(false);
    expect(
      auditQuerySchema.safeParse({ after: 'x'.repeat(5000) }).success,
    ).toBe(false);
  });

  it('reject a parameter the contract does not name', () => {
    expect(auditQuerySchema.safeParse({ search: 'x' }).success).toBe(false);
    expect(auditRunsQuerySchema.safeParse({ offset: '1' }).success).toBe(false);
  });
});
