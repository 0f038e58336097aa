import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { InputError } from '@backstage/errors';
import {
  FINDING_CODES,
  FindingDefinition,
  findingCodeSchema,
  findingDefinition,
  findingSeveritySchema,
  isFindingCode,
  severityToHealth,
} from '@ecr-access/plugin-ecr-access-common';
import { z } from 'zod/v4';
import { toZodV3Object } from './zodV3';

const explanationSchema = z
  .object({
    code: findingCodeSchema,
    title: z.string().describe('One-line title of the finding.'),
    severity: findingSeveritySchema.describe(
      'Default severity; a finding in a status may be more or less serious and says so.',
    ),
    explanation: z
      .string()
      .describe('What the finding means and what it does to health.'),
    remediation: z.string().describe('What a platform engineer should do.'),
  })
  .describe("A finding code's entry in the finding catalog.");

type Explanation = z.infer<typeof explanationSchema>;

/** What the severity does to an entity's health (the worst of its findings). */
function healthEffect(definition: FindingDefinition): string {
  const health = severityToHealth(definition.severity);
  return definition.severity === 'info'
    ? 'It explains how pulls authenticate and does not lower the health of the entity.'
    : `An entity's health is the worst of its findings, so with this finding it is at best ${health}.`;
}

/** The catalog entry of `code`, in the words of the finding catalog of -common. */
export function explain(code: string): Explanation {
  const normalized = code.trim().toUpperCase();
  if (!isFindingCode(normalized)) {
    throw new InputError(
      `Unknown finding code in 'code': '${code.slice(
        0,
        100,
      )}'; known codes: ${FINDING_CODES.join(', ')}`,
    );
  }
  const definition = findingDefinition(normalized);
  return {
    ...definition,
    explanation: `${definition.title} (${definition.code}). ${healthEffect(
      definition,
    )}`,
  };
}

/** `explain-finding-code`: a finding code's title, severity, meaning and remediation. */
export function registerExplainFindingCode(
  actionsRegistry: ActionsRegistryService,
) {
  actionsRegistry.register({
    name: 'explain-finding-code',
    title: 'Explain an ecr-access finding code',
    description: `What an ecr-access finding code (as in a status's findings or the audit's finding filter) means: its title, default severity, what it does to health, and the remediation. Known codes: ${FINDING_CODES.join(
      ', ',
    )}.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: zod =>
        zod.object({
          code: zod
            .string()
            .describe('A finding code, e.g. `SECRET_EXPIRED` (any case).'),
        }),
      output: zod => toZodV3Object(explanationSchema, zod),
    },
    action: async ({ input }) => ({ output: explain(input.code) }),
  });
}
