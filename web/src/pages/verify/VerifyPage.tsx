import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiError, api, rawFetch, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { formatCalendarDate, formatDateTime } from '../../format/dates';
import './verify.css';

type UploadVerification = components['schemas']['UploadVerification'];
type PublicLetter = components['schemas']['PublicLetterView'];

/** How a signature block prints the capacity (legal abbreviations, the same in every language). */
const CAPACITY: Record<string, string> = { plt: 'Plt. ', plh: 'Plh. ' };

/** The locale's words for an error of this page, else the general ones. */
function useVerifyError() {
  const { t } = useTranslation();
  return (err: unknown) =>
    err instanceof ApiError ? t(`verify.errors.${err.code}`, { defaultValue: errorMessage(t, err) }) : errorMessage(t, err);
}

/**
 * The public verification page (no login): check a PDF copy against our signed originals, or
 * look a letter up by the code under its QR code (?kode= fills it in, as the server-rendered
 * /verify/:code page links here).
 */
export default function VerifyPage() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('verify.title')} · ${t('app.name')}`;
  }, [t]);
  return (
    <main className="verify" id="isi">
      <header className="verify-header">
        <h1>{t('verify.title')}</h1>
        <p>{t('verify.intro')}</p>
      </header>
      <UploadCheck />
      <CodeLookup />
      <footer className="verify-footer">
        <p>{t('verify.legal')}</p>
        <LanguageSwitch />
        <a href={paths.login}>{t('verify.login')}</a>
      </footer>
    </main>
  );
}

function UploadCheck() {
  const { t } = useTranslation();
  const explain = useVerifyError();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<UploadVerification | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    if (result) resultHeading.current?.focus();
  }, [result]);

  async function onSubmit(e: FormEvent) {
    e.preventDefault();
    const file = input.current?.files?.[0];
    setResult(null);
    if (!file) {
      setError(t('verify.errors.FILE_REQUIRED'));
      input.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const form = new FormData();
      form.append('file', file);
      const response = await rawFetch('/api/v1/verify', { method: 'POST', body: form });
      setResult((await response.json()) as UploadVerification);
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card verify-section" aria-labelledby="periksa-berkas">
      <h2 id="periksa-berkas">{t('verify.uploadTitle')}</h2>
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="berkas-pdf">{t('verify.file')}</label>
          <span className="hint" id="berkas-pdf-hint">
            {t('verify.fileHint')}
          </span>
          <input
            ref={input}
            id="berkas-pdf"
            name="file"
            type="file"
            accept="application/pdf,.pdf"
            aria-describedby={error ? 'berkas-pdf-hint berkas-pdf-error' : 'berkas-pdf-hint'}
            aria-invalid={error ? true : undefined}
            onChange={() => setError(null)}
          />
          {error && (
            <span className="field-error" id="berkas-pdf-error" role="alert">
              {error}
            </span>
          )}
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? t('verify.checking') : t('verify.check')}
        </button>
      </form>
      {result && (
        <div className="verify-result">
          <h3 ref={resultHeading} tabIndex={-1}>
            {t('verify.resultTitle')}
          </h3>
          <Verdict result={result} />
          {result.signatures.length > 0 && (
            <>
              <h4>{t('verify.signatures')}</h4>
              <ol className="verify-signatures">
                {result.signatures.map((s, i) => (
                  <li key={i}>
                    <strong>{s.signerName ?? t('verify.unknownSigner')}</strong>
                    {s.signingTime && <> · {t('verify.signedAt', { date: formatDateTime(s.signingTime) })}</>}
                    <br />
                    <span className={s.intact ? 'ok' : 'bad'}>{s.intact ? t('verify.signatureIntact') : t('verify.signatureBroken')}</span>
                    {' · '}
                    <span className={s.trusted ? 'ok' : 'bad'}>{s.trusted ? t('verify.signatureTrusted') : t('verify.signatureUntrusted')}</span>
                    <LongTerm check={s as LongTermCheck} />
                  </li>
                ))}
              </ol>
            </>
          )}
          {result.letter && <LetterFacts letter={result.letter} />}
        </div>
      )}
    </section>
  );
}

/** The long-term fields of a signature check (see SignatureCheckDto; schema.d.ts regenerated by the web build). */
interface LongTermCheck {
  kind?: 'signature' | 'document-timestamp';
  level?: 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';
  provenTime?: string;
  claimedTime?: string;
  certificateValidAtTime?: boolean;
  revocation?: { status: 'good' | 'revoked' | 'unknown'; revokedAt?: string };
  holds?: boolean;
}

/** Level, the time proven (or only claimed), and whether the certificate held at that time. */
function LongTerm({ check }: { check: LongTermCheck }) {
  const { t } = useTranslation();
  if (!check.level) return null;
  const time = check.provenTime
    ? t('longTerm.provenTime', { date: formatDateTime(check.provenTime) })
    : check.claimedTime
      ? t('longTerm.claimedTime', { date: formatDateTime(check.claimedTime) })
      : t('longTerm.noTime');
  return (
    <span className="verify-long-term">
      <br />
      {check.kind === 'document-timestamp' ? t('longTerm.archiveTimestamp') : t('longTerm.level', { level: check.level })}
      {' · '}
      {time}
      {check.kind !== 'document-timestamp' && (
        <>
          <br />
          <span className={check.holds ? 'ok' : 'bad'}>
            {check.revocation?.status === 'revoked'
              ? t('longTerm.revokedBefore')
              : check.holds
                ? t('longTerm.holds')
                : check.provenTime
                  ? t('longTerm.notProven')
                  : t('longTerm.claimOnly')}
          </span>
        </>
      )}
    </span>
  );
}

/** The verdict in sentences, good news and bad news each in its own box (words, not colour alone). */
function Verdict({ result }: { result: UploadVerification }) {
  const { t } = useTranslation();
  const good: string[] = [];
  const bad: string[] = [];
  if (!result.byteIdentical) bad.push(t('verify.notOriginal'));
  else if (result.latestRevision === false) bad.push(t('verify.olderRevision'));
  else good.push(t('verify.original'));
  if (result.signatures.length === 0) bad.push(t('verify.noSignatures'));
  else if (result.allIntact && !result.modifiedAfterLastSignature) good.push(t('verify.allIntact'));
  else {
    bad.push(t('verify.notIntact'));
    if (result.modifiedAfterLastSignature) bad.push(t('verify.modifiedAfter'));
  }
  if (result.signatures.length > 0 && !result.allTrusted) bad.push(t('verify.untrusted'));
  return (
    <div className="verify-verdict" role="status">
      {good.length > 0 && (
        <div className="notice">
          {good.map((line) => (
            <p key={line}>✓ {line}</p>
          ))}
        </div>
      )}
      {bad.length > 0 && (
        <div className="error">
          {bad.map((line) => (
            <p key={line}>✗ {line}</p>
          ))}
        </div>
      )}
    </div>
  );
}

function CodeLookup() {
  const { t } = useTranslation();
  const explain = useVerifyError();
  const [params, setParams] = useSearchParams();
  const fromLink = params.get('kode') ?? '';
  const [code, setCode] = useState(fromLink);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [letter, setLetter] = useState<PublicLetter | null>(null);

  async function lookup(value: string) {
    setLetter(null);
    if (!value) {
      setError(t('verify.errors.CODE_REQUIRED'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setLetter(await unwrap(api.GET('/api/v1/verify/{code}', { params: { path: { code: value } } })));
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  }

  // Opened from the QR code's page: show that letter at once.
  useEffect(() => {
    if (fromLink) void lookup(fromLink.trim());
  }, [fromLink]);

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    const value = code.trim();
    if (value && value !== fromLink) setParams({ kode: value }, { replace: true });
    else void lookup(value);
  }

  return (
    <section className="card verify-section" aria-labelledby="cari-kode">
      <h2 id="cari-kode">{t('verify.codeTitle')}</h2>
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="kode-verifikasi">{t('verify.code')}</label>
          <span className="hint" id="kode-verifikasi-hint">
            {t('verify.codeHint')}
          </span>
          <input
            id="kode-verifikasi"
            name="kode"
            value={code}
            maxLength={64}
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={error ? 'kode-verifikasi-hint kode-verifikasi-error' : 'kode-verifikasi-hint'}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setCode(e.target.value)}
          />
          {error && (
            <span className="field-error" id="kode-verifikasi-error" role="alert">
              {error}
            </span>
          )}
        </div>
        <button type="submit" className="button secondary" disabled={busy}>
          {busy ? t('verify.looking') : t('verify.lookup')}
        </button>
      </form>
      {letter && <LetterFacts letter={letter} />}
    </section>
  );
}

/** What the public may know of a letter: never its body, and no subject for Rahasia (the API leaves it out). */
function LetterFacts({ letter }: { letter: PublicLetter }) {
  const { t } = useTranslation();
  const rows: [string, ReactNode][] = [
    [t('verify.number'), letter.number ?? t('verify.none')],
    [t('verify.date'), letter.date ? formatCalendarDate(letter.date) : t('verify.none')],
    [t('verify.type'), letter.typeLabel],
    [t('verify.sifat'), t(`labels.sifat.${letter.sifat}`, { defaultValue: letter.sifatLabel })],
    [t('verify.subject'), letter.subject ?? <em>{t('verify.secret')}</em>],
    [t('verify.status'), letter.statusLabel],
    [
      t('verify.signers'),
      letter.signers.length ? (
        <ol>
          {letter.signers.map((s, i) => (
            <li key={i}>
              {s.name}
              <br />
              <small>
                {CAPACITY[s.capacity] ?? ''}
                {s.position}, {formatDateTime(s.signedAt)} WIB
              </small>
            </li>
          ))}
        </ol>
      ) : (
        t('verify.none')
      ),
    ],
  ];
  return (
    <div className="verify-letter">
      <h3>{t('verify.letterTitle')}</h3>
      <p className={letter.signed ? 'notice' : 'warning'}>{letter.signed ? t('verify.signedLetter') : t('verify.unsignedLetter')}</p>
      <table>
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
