import { createHash, randomUUID } from 'node:crypto';
import { AwsContext } from './context';
import { AwsError } from './errors';
import { Ec2Instance } from './model';
import { escapeXml, QueryParams, toXml, XmlDialect, XmlValue } from './query';

/*
 * EC2, the EC2 Query protocol: form-encoded `Action=DescribeInstances&Version=2016-11-15&
 * InstanceId.1=…` (lists are `Name.N`, without `.member`), XML answers with lowerCamel
 * elements, `<item>` lists, no Result wrapper, and errors as
 * `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`.
 */

export const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** EC2 lists are `<item>` elements; its times are full ISO 8601 with milliseconds. */
const EC2_DIALECT: XmlDialect = {
  listElement: 'item',
  time: date => date.toISOString(),
};

export function ec2Response(action: string, result: unknown): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${EC2_XMLNS}"><requestId>${randomUUID()}</requestId>${toXml(
    result as XmlValue,
    EC2_DIALECT,
  )}</${action}Response>`;
}

export function ec2Error(error: AwsError): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Errors><Error><Code>${escapeXml(
    error.code,
  )}</Code><Message>${escapeXml(
    error.message,
  )}</Message></Error></Errors><RequestID>${randomUUID()}</RequestID></Response>`;
}

/** `InstanceId.1=a&InstanceId.2=b` → `['a','b']`. */
function numberedList(params: QueryParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.${i}`); i++)
    out.push(params.get(`${name}.${i}`)!);
  return out;
}

function instanceView(instance: Ec2Instance): XmlValue {
  return {
    instanceId: instance.instanceId,
    imageId: 'ami-0sandbox0000000001',
    instanceState: { code: 16, name: 'running' },
    instanceType: 'm6i.large',
    launchTime: instance.launchTime,
    placement: { availabilityZone: instance.zone, tenancy: 'default' },
    iamInstanceProfile: instance.instanceProfileArn
      ? { arn: instance.instanceProfileArn, id: instance.instanceProfileId }
      : undefined,
  };
}

function reservationView(instance: Ec2Instance): XmlValue {
  const hash = createHash('sha1').update(instance.instanceId).digest('hex');
  return {
    reservationId: `r-0${hash.slice(0, 16)}`,
    ownerId: instance.account,
    groupSet: [],
    instancesSet: [instanceView(instance)],
  };
}

/** The caller's instances in the signed region, by ID when asked. */
function selectInstances(ctx: AwsContext, ids: string[]): Ec2Instance[] {
  const own = (i: Ec2Instance | undefined): i is Ec2Instance =>
    !!i && i.account === ctx.caller.account && i.region === ctx.region;
  if (!ids.length) {
    return [...ctx.state.instances.values()]
      .filter(own)
      .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
  }
  const malformed = ids.find(id => !/^i-[0-9a-f]{8}([0-9a-f]{9})?$/.test(id));
  if (malformed) {
    throw new AwsError(
      'InvalidInstanceID.Malformed',
      `Invalid id: "${malformed}"`,
      400,
    );
  }
  const missing = ids.filter(id => !own(ctx.state.instances.get(id)));
  if (missing.length) {
    const quoted = missing.map(id => `'${id}'`).join(', ');
    throw new AwsError(
      'InvalidInstanceID.NotFound',
      `The instance ID${missing.length > 1 ? 's' : ''} ${quoted} ${
        missing.length > 1 ? 'do' : 'does'
      } not exist`,
      400,
    );
  }
  return [...new Set(ids)].map(id => ctx.state.instances.get(id)!);
}

/** MaxResults (5-1000) and NextToken paging; not combinable with instance IDs, as on EC2. */
function describeInstances(ctx: AwsContext, params: QueryParams) {
  const ids = numberedList(params, 'InstanceId');
  const maxResults = params.get('MaxResults');
  if (maxResults !== undefined && ids.length) {
    throw new AwsError(
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
      400,
    );
  }
  const all = selectInstances(ctx, ids);
  const size = maxResults === undefined ? 1000 : Number(maxResults);
  if (!Number.isInteger(size) || size < 5 || size > 1000) {
    throw new AwsError(
      'InvalidParameterValue',
      `Value ( ${maxResults} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
      400,
    );
  }
  const token = params.get('NextToken');
  const start = token ? Number(Buffer.from(token, 'base64').toString()) : 0;
  const end = start + size;
  return {
    reservationSet: all.slice(start, end).map(reservationView),
    ...(end < all.length && {
      nextToken: Buffer.from(String(end)).toString('base64'),
    }),
  };
}

/** The EC2 actions the sandbox implements. */
export function runEc2(action: string, ctx: AwsContext, params: QueryParams) {
  if (action === 'DescribeInstances') return describeInstances(ctx, params);
  throw new AwsError(
    'InvalidAction',
    `The action ${action} is not valid for this web service.`,
    400,
  );
}
