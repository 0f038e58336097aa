import { z } from 'zod';
import { isTimeExpression, parseDurationMs } from '../time';

/** Field types shared by the scenario schema: times, ids, names, policy documents. */

export const timeExpr = z
  .string()
  .refine(
    isTimeExpression,
    'expected "now", "<n><s|m|h|d|w|y> ago" or ISO time',
  );

export const duration = z.union([
  z.number().nonnegative(),
  z.string().refine(text => {
    try {
      parseDurationMs(text);
      return true;
    } catch {
      return false;
    }
  }, 'expected a duration such as "500ms", "2s" or "1m"'),
]);

export const accountId = z
  .string()
  .regex(/^\d{12}$/, 'expected a 12-digit AWS account id');
export const region = z
  .string()
  .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as us-east-1');

// DNS-1123 subdomain / label, as the API server checks them (apimachinery validation).
export const dnsSubdomain = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/,
    'expected a DNS-1123 subdomain (lower case, digits, "-", ".")',
  );
export const dnsLabel = z
  .string()
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a DNS-1123 label');

export const stringMap = z.record(z.string(), z.string());
export const image = z
  .string()
  .regex(
    /^[^\s@:/][^\s]*$/,
    'expected an image reference such as host/repo:tag',
  );

/** A policy document: a JSON string, an object, or the `ecrPull` shortcut. */
export const policyDocument = z.union([
  z.string().min(1),
  z.object({ ecrPull: z.array(z.string()).min(1) }).strict(),
  z.record(z.string(), z.unknown()),
]);
