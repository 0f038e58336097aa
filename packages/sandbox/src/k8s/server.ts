import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { FaultController, InjectedError, sleep } from '../faults';
import { asyncListener, readBody, sendJson } from '../http';
import { SimulatedCluster } from './cluster';
import { applyObject } from './apply';
import { discoveryDocument } from './discovery';
import {
  createObject,
  deleteObject,
  getObject,
  listObjects,
  patchObject,
  replaceObject,
} from './handlers';
import { negotiate, renderList, renderObject } from './representation';
import { ResourceType } from './resources';
import { parseRoute } from './routes';
import { K8sError, statusErrors } from './status';

/**
 * The HTTP handler of one simulated Kubernetes API server. Order as in
 * kube-apiserver's filter chain: authentication (401), authorization (403),
 * then the resource handler; faults are injected first, as a load balancer
 * or an overloaded server would.
 */
export function createK8sHandler(
  cluster: SimulatedCluster,
  faults: FaultController,
): RequestListener {
  return asyncListener(
    (req, res) => handle(cluster, faults, req, res),
    (res, error) => {
      const failure =
        error instanceof K8sError
          ? error
          : statusErrors.internal(String(error));
      sendJson(res, failure.status.code, failure.status, failure.headers);
    },
  );
}

function verbOf(method: string, hasName: boolean): string {
  switch (method) {
    case 'GET':
      return hasName ? 'get' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return hasName ? 'delete' : 'deletecollection';
    default:
      return method.toLowerCase();
  }
}

function injectedError(error: InjectedError): K8sError {
  switch (error.kind) {
    case 'throttle':
      return statusErrors.tooManyRequests(error.retryAfterSeconds);
    case 'internal':
      return statusErrors.internal();
    case 'unavailable':
      return statusErrors.unavailable();
    default:
      return statusErrors.custom(
        error.status,
        error.code,
        error.message ?? error.code,
      );
  }
}

/** The field manager of a write: `?fieldManager=`, else the User-Agent's program name (as the API server does). */
function managerOf(req: IncomingMessage, url: URL): string {
  const explicit = url.searchParams.get('fieldManager');
  if (explicit) return explicit;
  const agent = req.headers['user-agent'];
  return agent ? agent.split('/')[0] : 'unknown';
}

/** A resource request after routing, authentication and authorization. */
interface ResourceRequest {
  cluster: SimulatedCluster;
  req: IncomingMessage;
  url: URL;
  type: ResourceType;
  namespace?: string;
  name?: string;
}

async function handle(
  cluster: SimulatedCluster,
  faults: FaultController,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const route = parseRoute(url.pathname, type => cluster.serves(type));
  const method = req.method ?? 'GET';
  const verb =
    route.kind === 'resource' || route.kind === 'unserved'
      ? verbOf(method, Boolean(route.name))
      : 'discovery';
  const operation =
    route.kind === 'resource' || route.kind === 'unserved'
      ? `${verb}:${route.type.plural}`
      : 'discovery';
  const decision = faults.decide('kubernetes', operation, cluster.name);
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (decision.drop) {
    req.socket.destroy();
    return;
  }
  if (decision.error) throw injectedError(decision.error);
  if (!cluster.isAuthenticated(req.headers.authorization)) {
    throw statusErrors.unauthorized();
  }
  if (route.kind === 'discovery') {
    const doc = discoveryDocument(route.path, cluster.version, type =>
      cluster.serves(type),
    );
    if (!doc) throw statusErrors.noSuchPath();
    sendJson(res, 200, doc);
    return;
  }
  if (route.kind === 'unknown') throw statusErrors.noSuchPath();
  // kube-apiserver authorizes before it routes (WithAuthorization wraps the API mux): a user
  // without the verb on a resource gets 403 for it even where its CRD is not installed.
  if (cluster.isForbidden(verb, route.type.plural)) {
    throw statusErrors.forbidden(
      route.type,
      verb,
      route.namespace,
      cluster.user,
    );
  }
  if (route.kind === 'unserved') throw statusErrors.noSuchPath();
  const request: ResourceRequest = { cluster, req, url, ...route };
  const [status, body] = await runVerb(verb, request);
  sendJson(res, status, body);
}

async function jsonBody(req: IncomingMessage): Promise<any> {
  const text = await readBody(req);
  try {
    return JSON.parse(text);
  } catch {
    throw statusErrors.badRequest(
      'the body of the request was in an unknown format',
    );
  }
}

async function runVerb(
  verb: string,
  request: ResourceRequest,
): Promise<[number, unknown]> {
  const { cluster, req, url, type, namespace, name } = request;
  const representation = negotiate(req.headers.accept);
  const manager = managerOf(req, url);
  switch (verb) {
    case 'list':
      return [
        200,
        renderList(type, listPage(request), representation, cluster.clock()),
      ];
    case 'get': {
      const object = getObject(cluster, type, namespace, name!);
      return [200, renderObject(type, object, representation, cluster.clock())];
    }
    case 'create':
      return [
        201,
        createObject(cluster, type, namespace, await jsonBody(req), manager),
      ];
    case 'update':
      return [
        200,
        replaceObject(
          cluster,
          type,
          namespace,
          name!,
          await jsonBody(req),
          manager,
        ),
      ];
    case 'patch':
      return runPatch(request, manager);
    case 'delete':
      return [200, deleteObject(cluster, type, namespace, name!)];
    default:
      throw statusErrors.methodNotAllowed(req.method ?? verb);
  }
}

/** PATCH: a server-side apply (`application/apply-patch+yaml`) or one of the three patches. */
async function runPatch(
  request: ResourceRequest,
  manager: string,
): Promise<[number, unknown]> {
  const { cluster, req, url, type, namespace, name } = request;
  const contentType = req.headers['content-type'] ?? '';
  const patch = await readBody(req);
  if (contentType.startsWith('application/apply-patch+yaml')) {
    const result = applyObject({
      cluster,
      type,
      namespace,
      name: name!,
      body: patch,
      fieldManager: url.searchParams.get('fieldManager') ?? undefined,
      force: url.searchParams.get('force') === 'true',
    });
    return [result.status, result.object];
  }
  return [
    200,
    patchObject(cluster, type, namespace, name!, patch, contentType, manager),
  ];
}

function listPage({ cluster, url, type, namespace }: ResourceRequest) {
  const query = url.searchParams;
  if (query.get('watch') === 'true' || query.get('watch') === '1') {
    throw statusErrors.methodNotAllowed('watch is not simulated');
  }
  return listObjects(cluster, type, namespace, {
    labelSelector: query.get('labelSelector') ?? undefined,
    fieldSelector: query.get('fieldSelector') ?? undefined,
    limit: Number(query.get('limit') ?? 0) || undefined,
    continueToken: query.get('continue') ?? undefined,
  });
}
