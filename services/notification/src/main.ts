// Composition root of the notification service: subscribers, templates and delivery on every channel.
import { exitOnBootFailure } from '@pcn/platform';
import { loadNotificationConfig } from './config.js';
import { startNotificationService } from './notification-service.js';

startNotificationService(loadNotificationConfig()).catch(exitOnBootFailure);
