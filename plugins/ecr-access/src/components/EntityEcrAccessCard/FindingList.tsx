import { Alert, Flex, Text } from '@backstage/ui';
import {
  findingDefinition,
  isFindingCode,
  timedFindingMessage,
  type EntityStatus,
  type Finding,
  type FindingSeverity,
} from '@ecr-access/plugin-ecr-access-common';
import { TimedText } from '../common/clock';
import { findingTitle } from '../common/findings';
import { REDACTED, WITHHELD } from '../common/runErrors';

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

/** The catalog's remediation; a code from a newer backend keeps the one it was served with. */
function remediationOf(finding: Finding): string {
  return isFindingCode(finding.code)
    ? findingDefinition(finding.code).remediation
    : finding.remediation;
}

/**
 * What the audit found, worst first, each with the fix. The ages in a message ("expires in
 * 3 h") are worded by the card's clock from the instants `status` holds, not as written at
 * audit time.
 */
export function FindingList(props: {
  findings: Finding[];
  status: EntityStatus;
}) {
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
          // The code is for those who search logs and docs by it: in the tooltip, not the text.
          <div
            key={`${f.code}:${f.subject}`}
            title={f.code}
            data-finding-code={f.code}
          >
            <Alert
              status={ALERT_STATUS[f.severity] ?? 'info'}
              icon
              title={`${
                SEVERITY_LABELS[f.severity] ?? f.severity
              }: ${findingTitle(f.code)}`}
              description={
                <>
                  <Text as="p" variant="body-small">
                    {f.subject} —{' '}
                    <TimedText text={timedFindingMessage(f, props.status)} />
                  </Text>
                  <Text as="p" variant="body-small">
                    <strong>What to do:</strong> {remediationOf(f)}
                  </Text>
                  {f.message.includes(REDACTED) && (
                    <Text as="p" variant="body-small">
                      {WITHHELD}
                    </Text>
                  )}
                </>
              }
            />
          </div>
        ))}
      </Flex>
    </section>
  );
}
