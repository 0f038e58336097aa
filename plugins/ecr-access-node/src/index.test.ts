import * as api from './index';

describe('package exports', () => {
  it.each([
    'parseImageRef',
    'parseEcrHost',
    'ecrRepositoryArn',
    'parseDockerConfigHosts',
    'secretHostMatchesImage',
    'ecrTokenTimes',
    'cronMaxInterval',
    'parsePolicy',
    'evaluatePolicies',
    'evaluateWithBoundary',
    'canPullRepository',
    'pullPolicyBreadth',
    'repositoryPolicyAllows',
    'analyseTrust',
    'oidcProviderArn',
    'buildIrsaTrustPolicy',
    'buildEcrPullPolicy',
    'findRefresher',
    'secretWriteAccess',
    'classifyCluster',
    'classifyWorkload',
    'aggregateEntityStatus',
    'awsFactsNeeded',
  ])('exports %s', name => {
    expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
  });

  it('exports no test helpers', () => {
    expect(Object.keys(api)).not.toContain('CLASSIFY_FIXTURES');
    expect(Object.keys(api)).not.toContain('asRecord');
  });
});
