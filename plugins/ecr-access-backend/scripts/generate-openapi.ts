/*
 * Writes src/schema/openapi.yaml from the API contract of -common. Run from the repo root:
 *   node --require @backstage/cli/config/nodeTransform.cjs plugins/ecr-access-backend/scripts/generate-openapi.ts
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiYaml } from './openapi/openApiDocument';

const target = resolve(__dirname, '../src/schema/openapi.yaml');
writeFileSync(target, openApiYaml());
console.log(`Wrote ${target}`);
