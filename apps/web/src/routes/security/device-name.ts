// Shared with the server, which names devices the same way in sign-in notifications.
export { deviceName } from '@gatehouse/api/schemas';
