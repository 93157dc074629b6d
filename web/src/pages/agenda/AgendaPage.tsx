import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { components } from '../../api/schema';
import { paths } from '../../app/routes';
import { formatCalendarDate, formatDateTime } from '../../format/dates';
import './agenda.css';

type AgendaBook = components['schemas']['AgendaBookDto'];
type Register = 'incoming' | 'outgoing';

const thisYear = () => Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));

/** The period of a year as the API takes it: 1 January to 31 December, or to today for the current year. */
function period(year: number): { from: string; to: string } {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return { from: `${year}-01-01`, to: year === thisYear() ? today : `${year}-12-31` };
}

/** Buku agenda of the caller's unit for a year: surat masuk by agenda number, or numbered surat keluar; with CSV export. */
export default function AgendaPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const register: Register = params.get('buku') === 'keluar' ? 'outgoing' : 'incoming';
  const year = Number(params.get('tahun')) || thisYear();
  const [book, setBook] = useState<AgendaBook | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = `${t('agenda.title')} · ${t('app.name')}`;
  }, [t]);

  useEffect(() => {
    let live = true;
    setBook(null);
    setError(null);
    unwrap(api.GET('/api/v1/agenda', { params: { query: { register, ...period(year) } } }))
      .then((b) => live && setBook(b))
      .catch((err) => live && setError(err instanceof ApiError ? t(`agenda.errors.${err.code}`, { defaultValue: errorMessage(t, err) }) : errorMessage(t, err)));
    return () => {
      live = false;
    };
  }, [register, year, t]);

  const years = Array.from({ length: 5 }, (_, i) => thisYear() - i);
  const choose = (next: { register?: Register; year?: number }) => {
    const q = new URLSearchParams();
    if ((next.register ?? register) === 'outgoing') q.set('buku', 'keluar');
    q.set('tahun', String(next.year ?? year));
    setParams(q);
  };
  const csv = `/api/v1/agenda?${new URLSearchParams({ register, ...period(year), format: 'csv' })}`;
  const sifat = (s: string) => t(`labels.sifat.${s}`);

  return (
    <section>
      <h1>{t('agenda.title')}</h1>
      <div className="agenda-controls">
        <div className="field">
          <label htmlFor="agenda-buku">{t('agenda.register')}</label>
          <select id="agenda-buku" value={register} onChange={(e) => choose({ register: e.target.value as Register })}>
            <option value="incoming">{t('agenda.registerIncoming')}</option>
            <option value="outgoing">{t('agenda.registerOutgoing')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="agenda-tahun">{t('agenda.year')}</label>
          <select id="agenda-tahun" value={year} onChange={(e) => choose({ year: Number(e.target.value) })}>
            {years.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!book && !error && (
        <p className="loading" role="status">
          {t('app.loading')}
        </p>
      )}
      {book && (
        <>
          <div className="agenda-actions">
            <p className="agenda-summary" role="status">
              {t('agenda.unitYear', { unit: book.unitName, year })} · {t('agenda.count', { count: book.items.length })}
            </p>
            <a className="button secondary" href={csv} download>
              {t('agenda.csv')}
            </a>
          </div>
          {book.items.length === 0 ? (
            <p>{t('agenda.empty')}</p>
          ) : (
            <div className="agenda-table" role="region" aria-label={t('agenda.tableLabel')} tabIndex={0}>
              <table>
                {register === 'incoming' ? (
                  <>
                    <thead>
                      <tr>
                        <th scope="col">{t('agenda.cols.agendaNumber')}</th>
                        <th scope="col">{t('agenda.cols.receivedAt')}</th>
                        <th scope="col">{t('agenda.cols.sender')}</th>
                        <th scope="col">{t('agenda.cols.senderNumber')}</th>
                        <th scope="col">{t('agenda.cols.subject')}</th>
                        <th scope="col">{t('agenda.cols.sifat')}</th>
                        <th scope="col">{t('agenda.cols.addressee')}</th>
                        <th scope="col">{t('agenda.cols.state')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {book.items.map((item) => (
                        <tr key={item.letterId}>
                          <td>
                            {item.agendaNumber}
                            {item.possibleDuplicate && (
                              <>
                                {' '}
                                <span className="badge urgent">{t('agenda.duplicate')}</span>
                              </>
                            )}
                          </td>
                          <td>{item.receivedAt ? formatDateTime(item.receivedAt) : ''}</td>
                          <td>{item.senderName}</td>
                          <td>
                            {item.senderNumber}
                            <br />
                            {item.senderDate ? formatCalendarDate(item.senderDate) : ''}
                          </td>
                          <td>
                            <Link to={paths.letter(item.letterId)}>{item.subject}</Link>
                          </td>
                          <td>{sifat(item.sifat)}</td>
                          <td>{item.addressee}</td>
                          <td>{item.stateLabel}</td>
                        </tr>
                      ))}
                    </tbody>
                  </>
                ) : (
                  <>
                    <thead>
                      <tr>
                        <th scope="col">{t('agenda.cols.number')}</th>
                        <th scope="col">{t('agenda.cols.date')}</th>
                        <th scope="col">{t('agenda.cols.type')}</th>
                        <th scope="col">{t('agenda.cols.subject')}</th>
                        <th scope="col">{t('agenda.cols.sifat')}</th>
                        <th scope="col">{t('agenda.cols.recipients')}</th>
                        <th scope="col">{t('agenda.cols.state')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {book.items.map((item) => (
                        <tr key={item.letterId}>
                          <td>{item.number}</td>
                          <td>{item.date ? formatCalendarDate(item.date) : ''}</td>
                          <td>{item.typeLabel}</td>
                          <td>
                            <Link to={paths.letter(item.letterId)}>{item.subject}</Link>
                          </td>
                          <td>{sifat(item.sifat)}</td>
                          <td>{item.recipients}</td>
                          <td>{item.stateLabel}</td>
                        </tr>
                      ))}
                    </tbody>
                  </>
                )}
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
