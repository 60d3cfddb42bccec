import { parseInput } from '@pcn/platform';
import { z } from 'zod';
import type { IdentityAdmin } from './directory.service.js';
import type { UserView } from './identity.contract.js';
import { emailSchema, nameSchema } from './identity-input.js';
import { strongPasswordSchema } from './password-policy.js';

export interface BootstrapNetworkAdminInput {
  email: string;
  displayName: string;
  password: string;
  /** Create one even though a network admin exists (for example when the only one is lost). */
  force?: boolean;
}

const inputSchema = z.object({ email: emailSchema, displayName: nameSchema });

/**
 * Creates the first network admin of a network that runs without demo data. Refuses when an
 * enabled network admin exists already (unless `force`), and a password that fails the policy.
 * Writes through the identity service, so the account is stored as any other.
 */
export function createBootstrapNetworkAdmin(deps: { identity: IdentityAdmin }) {
  return async function bootstrapNetworkAdmin(
    input: BootstrapNetworkAdminInput,
  ): Promise<UserView> {
    const { email, displayName } = parseInput(inputSchema, input);
    const password = parseInput(
      strongPasswordSchema({ email, displayName }),
      input.password,
      'password',
    );
    // The check and the insert are one transaction (createUser's option), so that two bootstraps
    // at once cannot both find no admin and both create one.
    return deps.identity.createUser(
      { email, displayName, password, roles: ['network_admin'] },
      { onlyIfNoNetworkAdmin: !input.force },
    );
  };
}
