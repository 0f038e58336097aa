/**
 * Kubernetes name rules (apimachinery `validation.IsDNS1123Label` / `IsDNS1123Subdomain`):
 * namespaces and Deployment names are labels; ServiceAccount names are subdomains.
 */
export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const IAM_ROLE_ARN =
  /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@\-/]{1,512}$/;

export const dns1123LabelMessage = (field: string) =>
  `${field} must be a DNS-1123 label: at most 63 lowercase letters, digits or '-', starting and ending with a letter or digit`;
export const dns1123SubdomainMessage = (field: string) =>
  `${field} must be a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' or '.', starting and ending with a letter or digit`;
