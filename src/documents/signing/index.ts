/** PAdES signing: our own CA, BSrE, and sealed private keys. */
export type { PdfSigner, SignRequest, SignatureAppearance } from './pdf-signer';
export { LocalCaSigner } from './local-ca.signer';
export type { StoredSigningKey } from './local-ca.signer';
export { createDeploymentCa, extensionOids, issueSigningCertificate, issueTimestampingCertificate, reissueSigningCertificate } from './local-ca';
export type { CaSubject, IssueOptions, KeyAndCertificate, OfficialSubject, TsaSubject } from './local-ca';
export { sealPrivateKey, unsealPrivateKey } from './private-key-vault';
export type { SealOptions } from './private-key-vault';
export { BsreClient } from './bsre.client';
export type { BsreConfig, BsreCredential, BsreIdentity, BsreUserStatus } from './bsre.client';
export { BsreSigner } from './bsre.signer';
