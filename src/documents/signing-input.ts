/** The name of the signing plugin, under which a `sign` event carries the signer's credential (FireInput.pluginInput). */
export const SIGNING_PLUGIN = 'electronic-signature';

/** What the signing plugin reads of a `sign` event: the passphrase or TOTP, used once in the transaction; never stored or logged. */
export interface SigningInput {
  passphrase?: string;
  totp?: string;
}
