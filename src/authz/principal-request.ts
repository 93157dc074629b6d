import type { FastifyRequest } from 'fastify';
import type { Principal } from '../records/principal';
import type { AppAbility } from './ability.factory';

/**
 * A request as the guards leave it: who is calling (set by auth's guard) and what they may do
 * (set by the policy guard). What only auth reads (the browser session) it adds in its own
 * AuthenticatedRequest.
 */
export interface PrincipalRequest extends FastifyRequest {
  principal?: Principal;
  ability?: AppAbility;
}
