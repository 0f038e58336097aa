/**
 * An AWS service error as the service itself reports it: the error code
 * clients branch on (and the SDK maps to its typed exception), the HTTP
 * status and, for the Query protocol, whether the caller or the service is at
 * fault (`<Type>Sender</Type>` / `Receiver`).
 */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number = 400,
    readonly type: 'Sender' | 'Receiver' = status >= 500
      ? 'Receiver'
      : 'Sender',
  ) {
    super(message);
  }
}

/** IAM's error codes with the HTTP status IAM answers them with. */
export const iamErrors = {
  noSuchEntity: (message: string) => new AwsError('NoSuchEntity', message, 404),
  alreadyExists: (message: string) =>
    new AwsError('EntityAlreadyExists', message, 409),
  malformedPolicy: (message: string) =>
    new AwsError('MalformedPolicyDocument', message, 400),
  limitExceeded: (message: string) =>
    new AwsError('LimitExceeded', message, 409),
  deleteConflict: (message: string) =>
    new AwsError('DeleteConflict', message, 409),
  invalidInput: (message: string) => new AwsError('InvalidInput', message, 400),
  validation: (message: string) =>
    new AwsError('ValidationError', message, 400),
};

/** The error a fault rule injects, per protocol family. */
export function throttlingError(service: string): AwsError {
  switch (service) {
    case 'iam':
    case 'sts':
      return new AwsError('Throttling', 'Rate exceeded', 400);
    case 'eks':
      return new AwsError('ThrottlingException', 'Rate exceeded', 429);
    case 'ec2':
      return new AwsError(
        'RequestLimitExceeded',
        'Request limit exceeded.',
        503,
      );
    default:
      return new AwsError('ThrottlingException', 'Rate exceeded', 400);
  }
}

export function internalError(service: string): AwsError {
  if (service === 'ec2')
    return new AwsError(
      'InternalError',
      'An internal error has occurred (sandbox fault injection)',
      500,
    );
  if (service === 'iam')
    return new AwsError(
      'ServiceFailure',
      'Service failure (sandbox fault injection)',
      500,
    );
  if (service === 'sts')
    return new AwsError(
      'InternalFailure',
      'Internal failure (sandbox fault injection)',
      500,
    );
  return new AwsError(
    'ServerException',
    'Internal server error (sandbox fault injection)',
    500,
  );
}

export function unavailableError(service: string): AwsError {
  if (service === 'ec2')
    return new AwsError(
      'Unavailable',
      'The server is overloaded (sandbox fault injection)',
      503,
    );
  if (service === 'iam' || service === 'sts') {
    return new AwsError(
      'ServiceUnavailable',
      'Service is unavailable (sandbox fault injection)',
      503,
    );
  }
  return new AwsError(
    'ServiceUnavailableException',
    'Service is unavailable (sandbox fault injection)',
    503,
  );
}
