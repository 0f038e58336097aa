import { stringify } from 'yaml';

/**
 * A manifest as the GitOps files hold it. No block scalars: yaml 2.9 writes a value of blanks
 * and a line break (' \n') as a literal block that reads back without its blank; quoted
 * scalars read back exactly.
 */
export function manifestYaml(manifest: unknown): string {
  return stringify(manifest, { blockQuote: false });
}
