import {
  assertSignedIn,
  hasRole,
  NotFoundError,
  PermissionDeniedError,
  type CallerIdentity,
} from '@pcn/platform';
import type { Subscriber } from './notification.model.js';

/** Who may see and change a subscriber: itself (its signed-in owner) and network admins. */
export function assertOwnerOrAdmin(caller: CallerIdentity | undefined, s: Subscriber): void {
  if (hasRole(caller, 'network_admin')) return;
  const signedIn = assertSignedIn(caller);
  if (s.userId === null || s.userId !== signedIn.id) throw new NotFoundError('subscriber', s.id);
}

/** Provider callbacks come through the gateway, which checked the provider's secret. */
export function assertProviderRelay(caller: CallerIdentity | undefined): void {
  if (caller?.kind === 'service' && caller.id === 'gateway') return;
  if (hasRole(caller, 'network_admin')) return;
  throw new PermissionDeniedError('Only the gateway relays provider callbacks', 'ROLE_NOT_ALLOWED');
}
