/** The toast container, its own chunk: App mounts it with the first notification (NotificationsOnDemand). */
export { Notifications as Toasts } from '@mantine/notifications';
