import {
  findingDefinition,
  isFindingCode,
} from '@ecr-access/plugin-ecr-access-common';

/**
 * The catalog's title of a finding code, which people read instead of the code
 * ("The pull secret's ECR token has expired" for `SECRET_EXPIRED`). A code from a newer
 * backend than this frontend has no title here: the code itself is shown.
 */
export function findingTitle(code: string): string {
  return isFindingCode(code) ? findingDefinition(code).title : code;
}
