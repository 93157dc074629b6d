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
