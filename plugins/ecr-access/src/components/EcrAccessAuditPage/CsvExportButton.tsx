import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { Button, VisuallyHidden } from '@backstage/ui';
import { ecrAccessAuditExportPermission } from '@ecr-access/plugin-ecr-access-common';
import { useId, useState } from 'react';
import { ecrAccessApiRef } from '../../api/EcrAccessApi';
import type { AuditFilter } from '@ecr-access/plugin-ecr-access-common';

/** Hands a blob to the browser as a file download. */
function download(blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads the filtered audit as CSV. The request goes through `fetchApi` (a plain link would
 * carry no Backstage token), and it needs `ecr-access.audit.export`.
 */
export function CsvExportButton(props: {
  filter: AuditFilter;
  onError: (error: Error) => void;
}) {
  const api = useApi(ecrAccessApiRef);
  const { allowed, loading } = usePermission({
    permission: ecrAccessAuditExportPermission,
  });
  const [exporting, setExporting] = useState(false);
  const reasonId = useId();
  const denied = !loading && !allowed;

  const exportCsv = async () => {
    setExporting(true);
    try {
      download(await api.exportAuditCsv(props.filter), 'ecr-access-audit.csv');
    } catch (e) {
      props.onError(e as Error);
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Button
        variant="secondary"
        isDisabled={loading || denied}
        isPending={exporting}
        onPress={exportCsv}
        aria-describedby={denied ? reasonId : undefined}
      >
        Export CSV
      </Button>
      {denied && (
        <VisuallyHidden id={reasonId}>
          You need the ecr-access.audit.export permission to export the audit.
        </VisuallyHidden>
      )}
    </>
  );
}
