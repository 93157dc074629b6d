export { EsuratApiError, EsuratClient } from './client';
export type { EsuratClientOptions } from './client';
export { CLIENT_ROUTES } from './routes';
export type * from './types';
export { verifyWebhookSignature } from './webhook-signature';
export type { VerifyOptions } from './webhook-signature';
export { verifyWebhook, WebhookVerificationError } from './webhook-standard';
export type { StandardVerifyOptions } from './webhook-standard';
