import { Alert, Flex, Text } from '@backstage/ui';
import {
  findingDefinition,
  type Finding,
  type FindingSeverity,
} from '@ecr-access/plugin-ecr-access-common';

const ALERT_STATUS: Record<FindingSeverity, 'danger' | 'warning' | 'info'> = {
  error: 'danger',
  warning: 'warning',
  unknown: 'info',
  info: 'info',
};

const SEVERITY_LABELS: Record<FindingSeverity, string> = {
  error: 'Error',
  warning: 'Warning',
  unknown: 'Unknown',
  info: 'Info',
};

function titleOf(finding: Finding): string {
  try {
    return findingDefinition(finding.code).title;
  } catch {
    // A code from a newer backend: still show its message and remediation.
    return finding.code;
  }
}

/** What the audit found, worst first, each with the fix. */
export function FindingList(props: { findings: Finding[] }) {
  const order: FindingSeverity[] = ['error', 'unknown', 'warning', 'info'];
  const findings = [...props.findings].sort(
    (a, b) => order.indexOf(a.severity) - order.indexOf(b.severity),
  );
  if (findings.length === 0) return null;
  return (
    <section aria-label="Findings">
      <Text as="h4" variant="title-x-small" weight="bold">
        Findings ({findings.length})
      </Text>
      <Flex direction="column" gap="2" mt="2">
        {findings.map(f => (
          <Alert
            key={`${f.code}:${f.subject}`}
            status={ALERT_STATUS[f.severity] ?? 'info'}
            icon
            title={`${SEVERITY_LABELS[f.severity] ?? f.severity}: ${titleOf(
              f,
            )}`}
            description={
              <>
                <Text as="p" variant="body-small">
                  {f.subject} — {f.message}
                </Text>
                <Text as="p" variant="body-small">
                  <strong>What to do:</strong> {f.remediation}
                </Text>
              </>
            }
          />
        ))}
      </Flex>
    </section>
  );
}
