import { Organization1763800000000 } from './1763800000000-Organization';
import { StoredObject1763800100000 } from './1763800100000-StoredObject';
import { Workflow1763800200000 } from './1763800200000-Workflow';
import { Numbering1763800300000 } from './1763800300000-Numbering';
import { Documents1763800400000 } from './1763800400000-Documents';
import { Correspondence1763800500000 } from './1763800500000-Correspondence';
import { Integrations1763800600000 } from './1763800600000-Integrations';
import { RenderFingerprint1763800700000 } from './1763800700000-RenderFingerprint';
import { WebhookPendingByApproval1763800800000 } from './1763800800000-WebhookPendingByApproval';
import { AuditTrail1763801000000 } from './1763801000000-AuditTrail';
import { PersonRank1763805000000 } from './1763805000000-PersonRank';
import { InboxReadState1763806000000 } from './1763806000000-InboxReadState';
import { ParticipantOrder1763806100000 } from './1763806100000-ParticipantOrder';
import { AuditLinkIndex1763806500000 } from './1763806500000-AuditLinkIndex';
import { AuditDeferredChaining1763806510000 } from './1763806510000-AuditDeferredChaining';
import { StandardWebhooks1763806600000 } from './1763806600000-StandardWebhooks';
import { TimestampAuthority1763807100000 } from './1763807100000-TimestampAuthority';
import { SigningCertificateRevocation1763807200000 } from './1763807200000-SigningCertificateRevocation';
import { LtvRenewal1763807210000 } from './1763807210000-LtvRenewal';
import { LetterSearch1763807400000 } from './1763807400000-LetterSearch';
import { LetterText1763807500000 } from './1763807500000-LetterText';
import { Archive1763807600000 } from './1763807600000-Archive';
import { Disposal1763807700000 } from './1763807700000-Disposal';
import { ArchiveRenewBy1763807800000 } from './1763807800000-ArchiveRenewBy';
import { HistoryComment1763807900000 } from './1763807900000-HistoryComment';
import { NotificationChannels1763808200000 } from './1763808200000-NotificationChannels';
import { SearchReaders1763808700000 } from './1763808700000-SearchReaders';
import { SearchReadersWords1763809100000 } from './1763809100000-SearchReadersWords';
import { SearchIndexState1763809160000 } from './1763809160000-SearchIndexState';

/**
 * Every migration, in order. Generate a new one with
 * `npm run migration:generate -- src/database/migrations/<Name>`, then list it here. A migration
 * that needs the configuration has a static `withConfig(config)` returning its bound class.
 */
export const migrations: Function[] = [
  Organization1763800000000,
  StoredObject1763800100000,
  Workflow1763800200000,
  Numbering1763800300000,
  Documents1763800400000,
  Correspondence1763800500000,
  Integrations1763800600000,
  RenderFingerprint1763800700000,
  WebhookPendingByApproval1763800800000,
  AuditTrail1763801000000,
  PersonRank1763805000000,
  InboxReadState1763806000000,
  ParticipantOrder1763806100000,
  AuditLinkIndex1763806500000,
  AuditDeferredChaining1763806510000,
  StandardWebhooks1763806600000,
  TimestampAuthority1763807100000,
  SigningCertificateRevocation1763807200000,
  LtvRenewal1763807210000,
  LetterSearch1763807400000,
  LetterText1763807500000,
  Archive1763807600000,
  Disposal1763807700000,
  ArchiveRenewBy1763807800000,
  HistoryComment1763807900000,
  NotificationChannels1763808200000,
  SearchReaders1763808700000,
  SearchReadersWords1763809100000,
  SearchIndexState1763809160000,
];
