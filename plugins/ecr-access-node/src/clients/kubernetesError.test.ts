import { ApiException } from '@kubernetes/client-node';
import { kubernetesError } from './kubernetesError';

describe('kubernetesError', () => {
  it("keeps the status code and the API server's reason, and drops the raw response", () => {
    const raw = new ApiException(
      409,
      'HTTP-Code: 409 Message: Unknown API Status Code! Headers: {"authorization":"Bearer secret-token"}',
      JSON.stringify({
        kind: 'Status',
        reason: 'Conflict',
        message: 'Apply failed with 1 conflict',
      }),
      { authorization: 'Bearer secret-token' },
    );
    const error = kubernetesError(raw, 'apply ServiceAccount payments/api');
    expect(error.message).toBe(
      'Kubernetes API answered 409 to apply ServiceAccount payments/api (Conflict: Apply failed with 1 conflict)',
    );
    expect(error).toMatchObject({ statusCode: 409 });
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain(
      'secret-token',
    );
  });

  it('says the status alone when the body is not a Status', () => {
    const error = kubernetesError(
      new ApiException(502, 'Bad Gateway', '<html>proxy</html>', {}),
      'read ServiceAccount payments/api',
    );
    expect(error.message).toBe(
      'Kubernetes API answered 502 to read ServiceAccount payments/api',
    );
  });

  it('passes other errors through', () => {
    const other = new Error('socket hang up');
    expect(kubernetesError(other, 'anything')).toBe(other);
  });
});
