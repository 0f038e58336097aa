import fc from 'fast-check';
import { redactEndpoints, serveAuditError } from './auditErrors';

/** Errors as Node, the Kubernetes client and the AWS SDK word them. */
const REAL_ERRORS: Array<[string, string]> = [
  ['connect ECONNREFUSED 10.0.0.1:443', 'CONNECTION_REFUSED'],
  ['connect ECONNREFUSED ::1:6443', 'CONNECTION_REFUSED'],
  [
    'getaddrinfo ENOTFOUND ABCDEF0123.gr7.us-east-1.eks.amazonaws.com',
    'HOST_NOT_FOUND',
  ],
  [
    'request to https://10.0.0.1:443/apis/apps/v1/deployments?limit=500 failed, reason: connect ETIMEDOUT 10.0.0.1:443',
    'TIMEOUT',
  ],
  [
    'unable to verify the first certificate (https://k8s.internal.example.com)',
    'TLS_FAILURE',
  ],
  ['HTTP 401 Unauthorized from http://[fd00::5]:8443/api', 'UNAUTHORIZED'],
  ['secrets: HTTP 403 forbidden', 'FORBIDDEN'],
  ['IAM: Throttling: Rate exceeded', 'THROTTLED'],
  ['HTTP 503 from kube.prod.corp:6443', 'SERVER_ERROR'],
  ['no cluster named prod in kubernetes.clusterLocatorMethods', 'AUDIT_ERROR'],
  [
    // As IAM words it: the plugin's own principal and the resource, both ARNs.
    'IAM: AccessDenied: User: arn:aws:sts::111122223333:assumed-role/backstage-ecr-access/i-0abc is not authorized to perform: iam:GetRole on resource: arn:aws:iam::111122223333:role/irsa/payments-api because no identity-based policy allows the iam:GetRole action',
    'FORBIDDEN',
  ],
];

describe('auditErrors', () => {
  it.each(REAL_ERRORS)(
    'serves %j with code %s and no endpoint',
    (raw, code) => {
      const served = serveAuditError({ cluster: 'prod', message: raw });
      expect(served.code).toBe(code);
      expect(served.cluster).toBe('prod');
      expect(served.message).not.toMatch(
        /10\.0\.0\.1|::1|fd00|amazonaws|example\.com|corp|https?:|arn:|111122223333/,
      );
    },
  );

  it('keeps what is not an endpoint: times, versions, kinds, actions and codes', () => {
    const text =
      'Deployments: HTTP 429 at 2026-11-23T10:00:00.000Z (v1.34.2), iam:GetRole AccessDenied';
    expect(redactEndpoints(text)).toBe(text);
  });

  it("removes ARNs: an AccessDenied names the plugin's principal and the resource", () => {
    expect(
      redactEndpoints(
        'User: arn:aws:iam::123456789012:user/backstage is not authorized to perform: ecr:DescribeRepositories on resource: arn:aws-cn:ecr:cn-north-1:123456789012:repository/web (deny)',
      ),
    ).toBe(
      'User: <redacted> is not authorized to perform: ecr:DescribeRepositories on resource: <redacted> (deny)',
    );
  });

  it('removes any URL, domain or IP address wherever it sits in a message', () => {
    const endpoint = fc.oneof(
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.domain(),
      fc.ipV4(),
      fc.ipV6().map(ip => `[${ip}]:443`),
      fc
        .tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 }))
        .map(([ip, port]) => `${ip}:${port}`),
    );
    const words = fc.array(fc.stringMatching(/^[A-Za-z ,;()]{0,12}$/), {
      maxLength: 3,
    });
    fc.assert(
      fc.property(words, endpoint, words, (before, host, after) => {
        const message = `${before.join(' ')} ${host} ${after.join(' ')}`;
        expect(redactEndpoints(message)).not.toContain(host);
      }),
      { numRuns: 500 },
    );
  });
});
