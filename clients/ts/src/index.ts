export { EsuratApiError, EsuratClient } from './client';
export type { EsuratClientOptions } from './client';
export { CLIENT_ROUTES } from './routes';
export type * from './types';
export { verifyWebhookSignature } from './webhook-signature';
export type { VerifyOptions } from './webhook-signature';
