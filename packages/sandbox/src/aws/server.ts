import { randomUUID } from 'node:crypto';
import { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { FaultApi, FaultController, InjectedError, sleep } from '../faults';
import { asyncListener, readBody, send, sendJson } from '../http';
import { AwsContext } from './context';
import { ec2Error, ec2Response, runEc2 } from './ec2';
import { runEcr } from './ecr';
import { routeEks } from './eks';
import {
  AwsError,
  internalError,
  throttlingError,
  unavailableError,
} from './errors';
import { runIam } from './iam';
import { AwsState, CallerIdentity } from './model';
import {
  IAM_XMLNS,
  parseQueryBody,
  queryError,
  queryResponse,
  STS_XMLNS,
} from './query';
import { runSts } from './sts';

/**
 * One HTTP endpoint for IAM, STS, EKS, ECR and EC2, as `AWS_ENDPOINT_URL` points
 * every SDK client at it. The service is read from the SigV4 credential scope
 * in `Authorization` (`Credential=AKIA…/20250101/us-east-1/iam/aws4_request`);
 * unsigned calls (STS AssumeRoleWithWebIdentity) are told apart by protocol:
 * the Query `Version`, ECR's `X-Amz-Target`, EKS's `/clusters` paths.
 */
interface Signing {
  accessKeyId?: string;
  region?: string;
  service?: string;
}

function signingOf(req: IncomingMessage): Signing {
  const match =
    /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      req.headers.authorization ?? '',
    );
  return match
    ? { accessKeyId: match[1], region: match[2], service: match[3] }
    : {};
}

function serviceOf(
  req: IncomingMessage,
  signing: Signing,
  body: string,
): FaultApi | undefined {
  const known: FaultApi[] = ['iam', 'sts', 'eks', 'ecr', 'ec2'];
  if (signing.service && known.includes(signing.service as FaultApi))
    return signing.service as FaultApi;
  if (
    String(req.headers['x-amz-target'] ?? '').startsWith(
      'AmazonEC2ContainerRegistry_V20150921.',
    )
  )
    return 'ecr';
  if ((req.url ?? '').startsWith('/clusters')) return 'eks';
  const version = new URLSearchParams(body).get('Version');
  if (version === '2011-06-15') return 'sts';
  if (version === '2010-05-08') return 'iam';
  if (version === '2016-11-15') return 'ec2';
  return undefined;
}

/** The caller of a request; undefined for a key the scenario does not know, in strict mode. */
function callerOf(
  state: AwsState,
  accessKeyId: string | undefined,
): CallerIdentity | undefined {
  const known = accessKeyId ? state.credentials.get(accessKeyId) : undefined;
  if (known) return known;
  if (state.strictCredentials && accessKeyId) return undefined;
  // Any other key is accepted as a user of the first account, so that plain
  // `AWS_ACCESS_KEY_ID=AKIA… AWS_ENDPOINT_URL=…` setups work without configuration.
  return {
    account: state.defaultAccount,
    arn: `arn:aws:iam::${state.defaultAccount}:user/sandbox`,
    userId: 'AIDASANDBOXUSER000001',
  };
}

function injected(service: string, error: InjectedError): AwsError {
  if (error.kind === 'throttle') return throttlingError(service);
  if (error.kind === 'internal') return internalError(service);
  if (error.kind === 'unavailable') return unavailableError(service);
  return new AwsError(error.code, error.message ?? error.code, error.status);
}

interface Dispatch {
  operation: string;
  run: () => unknown;
}

function dispatchOf(
  service: FaultApi,
  req: IncomingMessage,
  body: string,
  url: URL,
  ctx: AwsContext,
): Dispatch | undefined {
  if (service === 'ec2') {
    const params = parseQueryBody(body);
    const action = params.get('Action') ?? 'Unknown';
    return { operation: action, run: () => runEc2(action, ctx, params) };
  }
  if (service === 'iam' || service === 'sts') {
    const params = parseQueryBody(body);
    const action = params.get('Action') ?? 'Unknown';
    return {
      operation: action,
      run: () => (service === 'iam' ? runIam : runSts)(action, ctx, params),
    };
  }
  if (service === 'ecr') {
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? 'Unknown';
    return {
      operation,
      run: () => runEcr(operation, ctx, parseJsonBody(body)),
    };
  }
  const route = routeEks(ctx, req.method ?? 'GET', url);
  return route && { operation: route.operation, run: () => route.run() };
}

// IAM and STS say InvalidClientTokenId; the JSON services UnrecognizedClientException.
function invalidToken(service: FaultApi): AwsError {
  const message = 'The security token included in the request is invalid.';
  if (service === 'ec2')
    return new AwsError(
      'AuthFailure',
      'AWS was not able to validate the provided access credentials',
      401,
    );
  return service === 'iam' || service === 'sts'
    ? new AwsError('InvalidClientTokenId', message, 403)
    : new AwsError('UnrecognizedClientException', message, 403);
}

function parseJsonBody(body: string): unknown {
  try {
    return body ? JSON.parse(body) : {};
  } catch {
    // What the JSON protocols answer for a body they cannot read.
    throw new AwsError(
      'SerializationException',
      'Could not parse the request body',
      400,
    );
  }
}

export function createAwsHandler(
  state: AwsState,
  faults: FaultController,
): RequestListener {
  return asyncListener(
    (req, res) => handle(state, faults, req, res),
    (res, error) =>
      send(res, 500, String(error), { 'content-type': 'text/plain' }),
  );
}

async function handle(
  state: AwsState,
  faults: FaultController,
  req: IncomingMessage,
  res: ServerResponse,
) {
  const body = await readBody(req);
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const signing = signingOf(req);
  const service = serviceOf(req, signing, body);
  if (!service) {
    sendJson(res, 400, {
      message: 'sandbox: cannot tell which AWS service this request is for',
    });
    return;
  }
  const caller = callerOf(state, signing.accessKeyId);
  const ctx: AwsContext = {
    state,
    caller: caller ?? { account: '', arn: '', userId: '' },
    region: signing.region ?? 'us-east-1',
    now: state.clock(),
  };
  const dispatch = dispatchOf(service, req, body, url, ctx);
  const decision = faults.decide(
    service,
    dispatch?.operation ?? 'Unknown',
    undefined,
    ctx.caller.account,
  );
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  if (decision.drop) {
    req.socket.destroy();
    return;
  }
  try {
    if (decision.error) throw injected(service, decision.error);
    if (!caller) throw invalidToken(service);
    if (!dispatch)
      throw new AwsError(
        'NotFoundException',
        `No route for ${req.method} ${url.pathname}`,
        404,
      );
    respond(res, service, dispatch.operation, dispatch.run());
  } catch (error) {
    const failure =
      error instanceof AwsError
        ? error
        : new AwsError('InternalFailure', String(error), 500);
    respondError(res, service, failure);
  }
}

function respond(
  res: ServerResponse,
  service: FaultApi,
  operation: string,
  result: unknown,
) {
  const requestId = randomUUID();
  if (service === 'ec2') {
    send(res, 200, ec2Response(operation, result), {
      'content-type': 'text/xml;charset=UTF-8',
      'x-amzn-requestid': requestId,
    });
  } else if (service === 'iam' || service === 'sts') {
    const xml = queryResponse(
      operation,
      service === 'iam' ? IAM_XMLNS : STS_XMLNS,
      result as any,
    );
    send(res, 200, xml, {
      'content-type': 'text/xml',
      'x-amzn-requestid': requestId,
    });
  } else if (service === 'ecr') {
    send(res, 200, JSON.stringify(result), {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': requestId,
    });
  } else {
    sendJson(res, 200, result, { 'x-amzn-requestid': requestId });
  }
}

function respondError(res: ServerResponse, service: FaultApi, error: AwsError) {
  const headers: Record<string, string> = { 'x-amzn-requestid': randomUUID() };
  if (service === 'ec2') {
    send(res, error.status, ec2Error(error), {
      ...headers,
      'content-type': 'text/xml;charset=UTF-8',
    });
  } else if (service === 'iam' || service === 'sts') {
    const xml = queryError(error, service === 'iam' ? IAM_XMLNS : STS_XMLNS);
    send(res, error.status, xml, { ...headers, 'content-type': 'text/xml' });
  } else if (service === 'ecr') {
    const json = JSON.stringify({ __type: error.code, message: error.message });
    send(res, error.status, json, {
      ...headers,
      'content-type': 'application/x-amz-json-1.1',
    });
  } else {
    // REST-JSON names the error in the x-amzn-ErrorType header.
    sendJson(
      res,
      error.status,
      { message: error.message },
      { ...headers, 'x-amzn-errortype': error.code },
    );
  }
}
