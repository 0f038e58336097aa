import { qualifiedResource, ResourceType } from './resources';

/**
 * metav1.Status bodies as the API server writes them for errors
 * (k8s.io/apimachinery/pkg/api/errors): same `reason`, `code` and wording, so
 * that clients branching on them behave as against a real cluster.
 */
interface K8sStatus {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, unknown>;
  status: 'Failure' | 'Success';
  message: string;
  reason: string;
  details?: Record<string, unknown>;
  code: number;
}

export class K8sError extends Error {
  constructor(
    readonly status: K8sStatus,
    readonly headers: Record<string, string> = {},
  ) {
    super(status.message);
  }
}

function failure(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): K8sStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata,
    status: 'Failure',
    message,
    reason,
    details,
    code,
  };
}

/** metav1.StatusDetails of one object: `kind` is the resource's plural, as the server writes it. */
function objectDetails(type: ResourceType, name: string) {
  return { name, group: type.group, kind: type.plural };
}

/** An error about one object, worded as the server words it: `<resource> "<name>" <what>`. */
function objectError(
  code: number,
  reason: string,
  type: ResourceType,
  name: string,
  what: string,
): K8sError {
  const message = `${qualifiedResource(type)} "${name}" ${what}`;
  return new K8sError(
    failure(code, reason, message, objectDetails(type, name)),
  );
}

export const statusErrors = {
  unauthorized: () =>
    new K8sError(failure(401, 'Unauthorized', 'Unauthorized')),

  forbidden(
    type: ResourceType,
    verb: string,
    namespace: string | undefined,
    user: string,
  ) {
    const scope = namespace
      ? `in the namespace "${namespace}"`
      : 'at the cluster scope';
    const message = `${qualifiedResource(
      type,
    )} is forbidden: User "${user}" cannot ${verb} resource "${
      type.plural
    }" in API group "${type.group}" ${scope}`;
    return new K8sError(
      failure(403, 'Forbidden', message, {
        group: type.group,
        kind: type.plural,
      }),
    );
  },

  notFound: (type: ResourceType, name: string) =>
    objectError(404, 'NotFound', type, name, 'not found'),

  noSuchPath: () =>
    new K8sError(
      failure(
        404,
        'NotFound',
        'the server could not find the requested resource',
        {},
      ),
    ),

  alreadyExists: (type: ResourceType, name: string) =>
    objectError(409, 'AlreadyExists', type, name, 'already exists'),

  conflict(type: ResourceType, name: string) {
    const message = `Operation cannot be fulfilled on ${qualifiedResource(
      type,
    )} "${name}": the object has been modified; please apply your changes to the latest version and try again`;
    return new K8sError(
      failure(409, 'Conflict', message, objectDetails(type, name)),
    );
  },

  /** Server-side apply's 409: fields another manager owns would change (without `force`). */
  applyConflicts(conflicts: string[]) {
    const message = `Apply failed with ${conflicts.length} conflict${
      conflicts.length > 1 ? 's' : ''
    }: ${conflicts.join('; ')}`;
    return new K8sError(
      failure(409, 'Conflict', message, {
        causes: conflicts.map(m => ({
          reason: 'FieldManagerConflict',
          message: m,
        })),
      }),
    );
  },

  invalid(
    type: ResourceType,
    name: string,
    field: string,
    value: string,
    detail: string,
  ) {
    const cause = `Invalid value: "${value}": ${detail}`;
    return new K8sError(
      failure(
        422,
        'Invalid',
        `${type.kind} "${name}" is invalid: ${field}: ${cause}`,
        {
          name,
          group: type.group,
          kind: type.kind,
          causes: [{ reason: 'FieldValueInvalid', message: cause, field }],
        },
      ),
    );
  },

  badRequest: (message: string) =>
    new K8sError(failure(400, 'BadRequest', message)),

  methodNotAllowed: (method: string) =>
    new K8sError(
      failure(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource (${method})`,
      ),
    ),

  unsupportedMediaType: (mediaType: string) =>
    new K8sError(
      failure(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got ${mediaType})`,
      ),
    ),

  /** 410 for a continue token whose revision was compacted; carries a fresh token. */
  expired: (inconsistentContinue?: string) =>
    new K8sError(
      failure(
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
        undefined,
        inconsistentContinue ? { continue: inconsistentContinue } : {},
      ),
    ),

  tooManyRequests(retryAfterSeconds: number) {
    return new K8sError(
      failure(
        429,
        'TooManyRequests',
        'Too many requests, please try again later.',
        {
          retryAfterSeconds,
        },
      ),
      { 'retry-after': String(retryAfterSeconds) },
    );
  },

  internal: (message = 'Internal error occurred: sandbox fault injection') =>
    new K8sError(
      failure(500, 'InternalError', message, { causes: [{ message }] }),
    ),

  unavailable: () =>
    new K8sError(
      failure(
        503,
        'ServiceUnavailable',
        'the server is currently unable to handle the request',
      ),
    ),

  custom: (code: number, reason: string, message: string) =>
    new K8sError(failure(code, reason, message)),
};

export function successStatus(
  type: ResourceType,
  name: string,
  uid?: string,
): K8sStatus {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    message: '',
    reason: '',
    details: { ...objectDetails(type, name), uid },
    code: 200,
  };
}
