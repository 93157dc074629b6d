import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { PersonPrincipal } from '../records/principal';
import { AppConfig } from '../config/app-config';
import { LetterEntity, LetterKind } from '../records/letter.entity';
import { NumberingService } from '../numbering/numbering.service';
import type { BeforeTransitionContext } from '../workflow/plugins/workflow-plugin';
import { DocumentError, DocumentErrorCode } from './documents.errors';
import { LetterDocumentsService } from './letter-documents.service';
import { wibDate } from '../common/time/wib';
import { LetterRenderService, SignerOfPosition } from './letter-render.service';
import { newVerificationCode } from './pdf';
import { BsreClient, BsreCredential, BsreSigner, LocalCaSigner, PdfSigner } from './signing';
import { SigningError, SigningErrorCode } from './signing.errors';
import { SigningLockoutService } from './signing-lockout.service';
import { LtvService } from './pki/ltv.service';
import { TimestampService } from './timestamp/timestamp.service';
import { SigningInput } from './signing-input';

type Credential = { passphrase: string } | { totp: string };

/**
 * Signs a letter inside the `sign` transition's transaction. At the first signature of an
 * outgoing letter it assigns the number and renders the final PDF (number, date, QR code,
 * every signer block), so each signature after that is an incremental update of the same
 * file. Every signature is PAdES B-T, stamped by the timestamp authority (TSA_URL or our own);
 * an authority that does not answer fails the transition (503 TSA_UNAVAILABLE) and rolls it
 * back whole: no number, no stored PDF, no state change. The passphrase (or TOTP) is used once
 * here; it is never stored or logged.
 */
@Injectable()
export class LetterSigningService {
  private readonly logger = new Logger('Signing');

  constructor(
    private readonly config: AppConfig,
    private readonly numbering: NumberingService,
    private readonly renderer: LetterRenderService,
    private readonly documents: LetterDocumentsService,
    private readonly lockout: SigningLockoutService,
    private readonly ltv: LtvService,
    private readonly timestamps: TimestampService,
  ) {}

  async signInTransition(ctx: BeforeTransitionContext, actor: PersonPrincipal, input: SigningInput): Promise<void> {
    const tx = ctx.manager;
    const credential = this.credentialOf(input);
    const attemptsLeft = await this.lockout.assertNotLocked(tx, actor.personId);
    const acting = this.actingAs(ctx.letter, actor, ctx.input.asPositionId);
    const [locked] = await tx.query('SELECT verification_code FROM letter WHERE id = $1 FOR NO KEY UPDATE', [ctx.letter.id]);

    // Unlock first: a wrong passphrase costs no render and no number.
    const signer = await this.counted(ctx, actor.personId, attemptsLeft, () => this.openSigner(tx, actor.personId, credential));
    const current = await this.documents.current(tx, ctx.letter.id);
    let pdf: Uint8Array;
    if (ctx.letter.kind === LetterKind.Outgoing && (!current || current.kind === 'draft')) {
      pdf = await this.renderFinal(tx, ctx.letter, acting, locked?.verification_code ?? null, ctx.at);
    } else {
      if (!current) throw new SigningError(SigningErrorCode.NOTHING_TO_SIGN, 'The letter has no document to sign');
      if (!locked?.verification_code) await tx.query('UPDATE letter SET verification_code = $2 WHERE id = $1', [ctx.letter.id, newVerificationCode()]);
      // Committed by an earlier transaction, so the storage service can read it.
      pdf = await this.documents.bytes(current, tx);
    }

    const [place] = await tx.query(`SELECT name FROM unit WHERE parent_id IS NULL ORDER BY created_at LIMIT 1`);
    const [who] = await tx.query('SELECT p.name, pos.name AS position_name FROM person p, position pos WHERE p.id = $1 AND pos.id = $2', [
      actor.personId,
      acting.positionId,
    ]);
    const capacityMark = acting.capacity === 'holder' ? '' : `${acting.capacity === 'plt' ? 'Plt.' : 'Plh.'} `;
    const signed = await this.counted(ctx, actor.personId, attemptsLeft, () =>
      signer.sign(pdf, {
        reason: `Ditandatangani secara elektronik oleh ${capacityMark}${who?.position_name ?? ''}`.trim(),
        location: String(place?.name ?? '').replace(/^Pemerintah\s+(Kota|Kabupaten|Provinsi)\s+/i, '') || undefined,
      }),
    );
    // B-LT (DSS with the chains and their revocation data), then B-LTA when a document timestamper is wired.
    const extended = await this.ltv.extend(signed, tx);
    await this.documents.store(tx, ctx.letter.id, 'signed', extended, {
      personId: actor.personId,
      positionId: acting.positionId,
      capacity: acting.capacity,
      name: who?.name ?? actor.name,
      positionName: who?.position_name ?? '',
      provider: this.config.SIGNING_PROVIDER,
    });
    await tx.query(
      `UPDATE letter SET signed_at = CASE WHEN $2 THEN now() ELSE signed_at END, body = body || '{"hasPdf": true}'::jsonb WHERE id = $1`,
      [ctx.letter.id, ctx.to !== ctx.letter.state],
    );
    this.logger.log(`Letter ${ctx.letter.id} signed by person ${actor.personId} (${acting.capacity}) with ${this.config.SIGNING_PROVIDER}`);
  }

  /** Number, date (WIB), verification code and the final render: once, before the first signature. */
  private async renderFinal(
    tx: EntityManager,
    letter: Readonly<LetterEntity>,
    acting: SignerOfPosition,
    code: string | null,
    at: Date,
  ): Promise<Uint8Array> {
    const copy = Object.assign(new LetterEntity(), letter);
    const { number, numberedAt } = await this.numbering.allocate(tx, copy, at);
    const verificationCode = code ?? newVerificationCode();
    await tx.query('UPDATE letter SET verification_code = $2 WHERE id = $1', [letter.id, verificationCode]);
    const input = await this.renderer.input(tx, copy, acting, { number, date: wibDate(new Date(numberedAt)), verificationCode });
    const rendered = await this.renderer.render(input, 'final');
    await this.documents.store(tx, letter.id, 'final', rendered.pdf);
    return rendered.pdf;
  }

  private credentialOf(input: SigningInput): Credential {
    if (input.passphrase) return { passphrase: input.passphrase };
    if (input.totp && this.config.SIGNING_PROVIDER === 'bsre') return { totp: input.totp };
    throw new SigningError(
      SigningErrorCode.SIGNING_PASSPHRASE_REQUIRED,
      this.config.SIGNING_PROVIDER === 'bsre' ? 'Signing needs the passphrase or a TOTP code' : 'Signing needs the passphrase of your signing key',
    );
  }

  /** Which position of the current signer step the actor signs for, and as holder, Plt or Plh. */
  private actingAs(letter: Readonly<LetterEntity>, actor: PersonPrincipal, asPositionId?: string): SignerOfPosition {
    const route = letter.snapshot.routes.signers;
    const step = route.steps[route.cursor];
    const open = (step?.positionIds ?? []).filter((id) => !step.approvals.some((a) => a.positionId === id));
    const wanted = asPositionId ? open.filter((id) => id === asPositionId) : open;
    const held = actor.positions.find((p) => wanted.includes(p.positionId));
    if (held) return { positionId: held.positionId, personId: actor.personId, capacity: 'holder' };
    const delegated = actor.delegations.find((d) => wanted.includes(d.positionId));
    if (delegated) return { positionId: delegated.positionId, personId: actor.personId, capacity: delegated.kind };
    throw new SigningError(SigningErrorCode.SIGNING_NOT_ALLOWED, 'You do not hold or stand in for a position of the current signing step');
  }

  private async openSigner(tx: EntityManager, personId: string, credential: Credential): Promise<PdfSigner> {
    if (this.config.SIGNING_PROVIDER === 'bsre') {
      const [person] = await tx.query('SELECT nik, email FROM person WHERE id = $1', [personId]);
      const identity = person?.nik ? { nik: String(person.nik).trim() } : person?.email ? { email: person.email as string } : undefined;
      if (!identity) throw new DocumentError(DocumentErrorCode.BSRE_NOT_REGISTERED, 'The signer has no NIK or e-mail to identify them at BSrE');
      const client = new BsreClient({
        baseUrl: this.config.BSRE_URL,
        username: this.config.BSRE_USERNAME,
        password: this.config.BSRE_PASSWORD,
        timeoutMs: this.config.BSRE_TIMEOUT_MS,
      });
      return new BsreSigner(client, identity, credential as BsreCredential, await this.timestamps.timestamper(tx));
    }
    if (!('passphrase' in credential)) throw new SigningError(SigningErrorCode.SIGNING_PASSPHRASE_REQUIRED, 'Signing needs the passphrase of your signing key');
    // The newest certificate: usable unless its revocation has begun (a revocation may be dated ahead).
    const [stored] = await tx.query(
      `SELECT certificate_pem, chain_pems, sealed_private_key, revoked_at, revocation_reason, revoked_at <= now() AS revoked_now
         FROM signer_credential WHERE person_id = $1 AND provider = 'local' ORDER BY created_at DESC LIMIT 1`,
      [personId],
    );
    if (stored?.revoked_now && stored.revocation_reason !== 'superseded') {
      throw new SigningError(SigningErrorCode.SIGNING_CERTIFICATE_REVOKED, 'Your signing certificate was revoked: nothing can be signed with it any more', {
        revokedAt: stored.revoked_at,
        reason: stored.revocation_reason,
      });
    }
    if (!stored || stored.revoked_now) {
      throw new SigningError(SigningErrorCode.SIGNING_CERTIFICATE_NOT_FOUND, 'You have no signing certificate yet: request one at POST /api/v1/me/signing-certificate');
    }
    return LocalCaSigner.unlock(
      { certificatePem: stored.certificate_pem, chainPems: stored.chain_pems, sealedPrivateKey: stored.sealed_private_key },
      credential.passphrase,
      await this.timestamps.timestamper(tx),
    );
  }

  /**
   * Runs `work`; a wrong passphrase is counted toward the lockout once the transition has rolled
   * back, and its error says how many tries remain (`attemptsLeft`, 0: the next one is refused),
   * so the signer is told before they are locked out.
   */
  private async counted<T>(ctx: BeforeTransitionContext, personId: string, attemptsLeft: number, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      if (err instanceof DocumentError && err.code === DocumentErrorCode.WRONG_PASSPHRASE) {
        ctx.onRollback(() => this.lockout.recordFailure(personId));
        const details = typeof err.details === 'object' && err.details !== null ? err.details : {};
        throw new DocumentError(DocumentErrorCode.WRONG_PASSPHRASE, err.message, { ...details, attemptsLeft: Math.max(0, attemptsLeft - 1) });
      }
      throw err;
    }
  }
}
