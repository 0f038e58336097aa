import { randomUUID } from 'node:crypto';
import { AwsError } from './errors';

/**
 * The AWS Query protocol used by IAM and STS: form-encoded `Action=…` requests,
 * XML responses `<XResponse><XResult>…</XResult><ResponseMetadata>` and
 * `<ErrorResponse><Error><Type/><Code/><Message/></Error>` errors. Lists are
 * `<member>` elements on the way out and `Name.member.N` parameters on the way in.
 */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | XmlValue[]
  | { [element: string]: XmlValue };

export const IAM_XMLNS = 'https://iam.amazonaws.com/doc/2010-05-08/';
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** Escapes text for an XML element's content or attribute. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** IAM timestamps: ISO 8601 in UTC, e.g. 2024-05-01T12:00:00Z. */
export function isoTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** How a Query dialect writes lists and times: IAM/STS `<member>`, EC2 `<item>`. */
export interface XmlDialect {
  listElement: string;
  time: (date: Date) => string;
}

const IAM_DIALECT: XmlDialect = { listElement: 'member', time: isoTime };

/** A value as XML elements; undefined children are left out. */
export function toXml(value: XmlValue, dialect = IAM_DIALECT): string {
  if (value === undefined) return '';
  if (value instanceof Date) return dialect.time(value);
  const { listElement } = dialect;
  if (Array.isArray(value))
    return value
      .map(item => `<${listElement}>${toXml(item, dialect)}</${listElement}>`)
      .join('');
  if (typeof value === 'object') {
    return Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .map(
        ([element, child]) =>
          `<${element}>${toXml(child, dialect)}</${element}>`,
      )
      .join('');
  }
  return escapeXml(String(value));
}

export function queryResponse(
  action: string,
  xmlns: string,
  result: { [element: string]: XmlValue } | undefined,
): string {
  const body =
    result === undefined
      ? ''
      : `<${action}Result>${toXml(result)}</${action}Result>`;
  return `<${action}Response xmlns="${xmlns}">${body}<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
}

export function queryError(error: AwsError, xmlns: string): string {
  return `<ErrorResponse xmlns="${xmlns}"><Error><Type>${
    error.type
  }</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(
    error.message,
  )}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

export type QueryParams = Map<string, string>;

export function parseQueryBody(body: string): QueryParams {
  return new Map(new URLSearchParams(body).entries());
}

export function required(params: QueryParams, name: string): string {
  const value = params.get(name);
  if (value === undefined || value === '') {
    // The wording IAM and STS use for a missing required parameter.
    throw new AwsError(
      'ValidationError',
      `1 validation error detected: Value null at '${name
        .charAt(0)
        .toLowerCase()}${name.slice(
        1,
      )}' failed to satisfy constraint: Member must not be null`,
      400,
    );
  }
  return value;
}

/** `Name.member.1=a&Name.member.2=b` → `['a','b']`. */
export function memberList(params: QueryParams, name: string): string[] {
  const out: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++)
    out.push(params.get(`${name}.member.${i}`)!);
  return out;
}

/** `Tags.member.1.Key=k&Tags.member.1.Value=v` → `[{Key:'k',Value:'v'}]`. */
export function memberStructs(
  params: QueryParams,
  name: string,
  fields: string[],
): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (
    let i = 1;
    fields.some(f => params.has(`${name}.member.${i}.${f}`));
    i++
  ) {
    const item: Record<string, string> = {};
    for (const field of fields) {
      const value = params.get(`${name}.member.${i}.${field}`);
      if (value !== undefined) item[field] = value;
    }
    out.push(item);
  }
  return out;
}

/** Marker/MaxItems paging of IAM list calls; the marker is opaque to clients. */
export function pageOf<T>(
  items: T[],
  params: QueryParams,
): { page: T[]; marker?: string } {
  const maxItems = Math.min(Number(params.get('MaxItems') ?? 100) || 100, 1000);
  const start = params.has('Marker')
    ? Number(Buffer.from(params.get('Marker')!, 'base64').toString('utf8'))
    : 0;
  if (!Number.isInteger(start) || start < 0)
    throw new AwsError('InvalidInput', 'Invalid Marker', 400);
  const page = items.slice(start, start + maxItems);
  const next = start + maxItems;
  return {
    page,
    marker:
      next < items.length
        ? Buffer.from(String(next)).toString('base64')
        : undefined,
  };
}

export function truncation(marker: string | undefined): {
  IsTruncated: boolean;
  Marker?: string;
} {
  return marker
    ? { IsTruncated: true, Marker: marker }
    : { IsTruncated: false };
}
