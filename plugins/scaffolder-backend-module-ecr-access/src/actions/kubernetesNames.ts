import type { z as zod } from 'zod/v3';

/**
 * Kubernetes name rules (apimachinery `validation.IsDNS1123Label` / `IsDNS1123Subdomain`):
 * namespaces and Deployment names are labels; ServiceAccount names are subdomains.
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const IAM_ROLE_ARN =
  /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

const dns1123LabelMessage = (field: string) =>
  `${field} must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`;
const dns1123SubdomainMessage = (field: string) =>
  `${field} must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit`;

/** A zod field for a name that must be a DNS-1123 label; its messages name `field`. */
export function dns1123LabelField(field: string, description: string) {
  return (z: typeof zod) =>
    z
      .string({ description })
      .max(63, { message: dns1123LabelMessage(field) })
      .regex(DNS1123_LABEL, { message: dns1123LabelMessage(field) });
}

/** A zod field for a name that must be a DNS-1123 subdomain; its messages name `field`. */
export function dns1123SubdomainField(field: string, description: string) {
  return (z: typeof zod) =>
    z
      .string({ description })
      .max(253, { message: dns1123SubdomainMessage(field) })
      .regex(DNS1123_SUBDOMAIN, { message: dns1123SubdomainMessage(field) });
}
