import { Button, VisuallyHidden } from '@backstage/ui';
import { usePermission } from '@backstage/plugin-permission-react';
import { ecrAccessEntityRefreshPermission } from '@ecr-access/plugin-ecr-access-common';
import { useId } from 'react';

/**
 * Re-checks the entity now. Disabled, with the reason read out to screen readers, when the
 * user lacks `ecr-access.entity.refresh` on this entity.
 */
export function RefreshButton(props: {
  entityRef: string;
  isPending: boolean;
  onRefresh: () => void;
}) {
  const { entityRef, isPending, onRefresh } = props;
  const { allowed, loading } = usePermission({
    permission: ecrAccessEntityRefreshPermission,
    resourceRef: entityRef,
  });
  const reasonId = useId();
  const denied = !loading && !allowed;
  return (
    <>
      <Button
        size="small"
        variant="secondary"
        isDisabled={loading || denied || isPending}
        isPending={isPending}
        onPress={onRefresh}
        aria-describedby={denied ? reasonId : undefined}
      >
        Refresh
      </Button>
      {denied && (
        <VisuallyHidden id={reasonId}>
          You need the ecr-access.entity.refresh permission to re-check this
          entity; it is re-checked on the audit schedule.
        </VisuallyHidden>
      )}
    </>
  );
}
