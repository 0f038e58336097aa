export { readNotifyOptions } from './notifyConfig';
export type { NotifyOptions } from './notifyConfig';
export {
  startOwnerNotifications,
  NOTIFY_TASK_ID,
} from './startOwnerNotifications';
export { OwnerNotifier } from './OwnerNotifier';
export { NotificationLedger } from './NotificationLedger';
