import type { EntityManager } from 'typeorm';
import { IntegrationError, IntegrationErrorCode } from '../integrations.errors';
import { assertCallbackReachable, CallbackRefused } from './callback-guard';

/**
 * The one rule for a module's callback URL, applied when an administrator registers it and
 * again when an approval names it (its host may resolve elsewhere by then): the same refusal,
 * with the same code and message, in both places.
 */
export async function checkCallbackUrl(callbackUrl: string, allowPrivate: boolean): Promise<void> {
  try {
    await assertCallbackReachable(callbackUrl, allowPrivate);
  } catch (err) {
    if (err instanceof CallbackRefused) throw IntegrationError.unprocessable(IntegrationErrorCode.CALLBACK_URL_REFUSED, err.message, { callbackUrl });
    throw err;
  }
}

/**
 * A callback URL a module names (an approval's, a test delivery's): one registered for it, a
 * webhook secret to sign with, and a host that passes the rule above.
 */
export async function checkModuleCallback(db: Pick<EntityManager, 'query'>, moduleId: string, callbackUrl: string, allowPrivate: boolean): Promise<void> {
  const [module] = await db.query('SELECT callback_urls, webhook_secret_encrypted IS NOT NULL AS has_secret FROM module_client WHERE id = $1', [moduleId]);
  if (!module?.callback_urls?.includes(callbackUrl)) {
    throw IntegrationError.unprocessable(IntegrationErrorCode.CALLBACK_URL_NOT_REGISTERED, 'The callback URL is not one registered for this module', { callbackUrl });
  }
  if (!module.has_secret) {
    throw IntegrationError.unprocessable(IntegrationErrorCode.WEBHOOK_SECRET_MISSING, 'The module has no webhook secret yet; an administrator must create one');
  }
  await checkCallbackUrl(callbackUrl, allowPrivate);
}
