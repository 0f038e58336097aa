import { ResourceType } from './resources';
import { statusErrors } from './status';

// apimachinery/pkg/util/validation: IsDNS1123Subdomain / IsDNS1123Label.
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** Throws the API server's 422 Invalid for a bad object name. */
export function validateName(type: ResourceType, name: string): void {
  // Namespaces are DNS-1123 labels (63 chars); most other kinds are subdomains (253).
  const label = type.kind === 'Namespace';
  const max = label ? 63 : 253;
  const pattern = label ? DNS1123_LABEL : DNS1123_SUBDOMAIN;
  if (!pattern.test(name)) {
    throw statusErrors.invalid(
      type,
      name,
      'metadata.name',
      name,
      label ? LABEL_MESSAGE : SUBDOMAIN_MESSAGE,
    );
  }
  if (name.length > max) {
    throw statusErrors.invalid(
      type,
      name,
      'metadata.name',
      name,
      `must be no more than ${max} characters`,
    );
  }
}

/** Label values: at most 63 characters of `[A-Za-z0-9_.-]`, alphanumeric at both ends. */
export function validateLabels(
  type: ResourceType,
  name: string,
  labels: Record<string, string> | undefined,
): void {
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (
      typeof value !== 'string' ||
      (value !== '' &&
        !/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(value))
    ) {
      throw statusErrors.invalid(
        type,
        name,
        `metadata.labels`,
        String(value),
        `a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (label ${key})`,
      );
    }
  }
}
