import {
  FINDING_CODES,
  findingDefinition,
  isFindingCode,
} from './findingCodes';

const DESIGN_CODES = [
  'SECRET_EXPIRED',
  'SECRET_EXPIRES_SOON',
  'SECRET_REGISTRY_MISMATCH',
  'SECRET_MISSING',
  'REFRESHER_FAILING',
  'REFRESHER_TOO_SLOW',
  'SECRET_MASKED_BY_NODE_ROLE',
  'SA_MISSING',
  'SA_NOT_USED_BY_WORKLOAD',
  'ROLE_NOT_FOUND',
  'TRUST_POLICY_MISMATCH',
  'TRUST_POLICY_TOO_BROAD',
  'OIDC_PROVIDER_MISSING',
  'ROLE_LACKS_ECR_PULL',
  'POLICY_TOO_BROAD',
  'ECR_REGION_MISMATCH',
  'CROSS_ACCOUNT_NOT_ALLOWED',
  'IRSA_NOT_USED_FOR_PULLS',
  'CLUSTER_UNREACHABLE',
];

describe('finding catalog', () => {
  it('contains every code listed in DESIGN.md', () => {
    for (const code of DESIGN_CODES) {
      expect(FINDING_CODES).toContain(code);
    }
  });

  it('has no duplicate codes', () => {
    expect(new Set(FINDING_CODES).size).toBe(FINDING_CODES.length);
  });

  it.each(FINDING_CODES.map(c => [c]))(
    '%s has a severity, title and actionable remediation',
    code => {
      const def = findingDefinition(code);
      expect(def.code).toBe(code);
      expect(['info', 'warning', 'error', 'unknown']).toContain(def.severity);
      expect(def.title.length).toBeGreaterThan(10);
      expect(def.remediation.length).toBeGreaterThan(30);
    },
  );

  it('recognises codes', () => {
    expect(isFindingCode('SECRET_EXPIRED')).toBe(true);
    expect(isFindingCode('secret_expired')).toBe(false);
    expect(isFindingCode(42)).toBe(false);
  });
});
