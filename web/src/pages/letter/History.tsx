import { useTranslation } from 'react-i18next';
import type { components } from '../../api/schema';
import { formatDateTime } from '../../format/dates';

export type HistoryEntry = components['schemas']['LetterHistoryEntryDto'];

interface Props {
  entries: HistoryEntry[];
  positionName: (id: string) => string | undefined;
  incoming: boolean;
  /** The drafter (or registrar) and their position: their own steps carry no position of the route, the letter names it. */
  drafter: { personId: string | null; positionId: string | null };
}

/**
 * The letter's history in words, oldest first: "Kepala Seksi Pengembangan Aplikasi memaraf,
 * 2 Des 2026 14.05"; one acting for an absent or vacant holder "… sebagai Plh. Kepala Dinas …";
 * each note quoted under its step.
 */
export function History({ entries, positionName, incoming, drafter }: Props) {
  const { t } = useTranslation();
  if (entries.length === 0) return null;
  return (
    <section className="card history" aria-labelledby="history-title">
      <h2 id="history-title">{t('letter.history.title')}</h2>
      <ol className="timeline">
        {entries.map((h) => {
          const event = h.event === '$start' && incoming ? '$register' : h.event;
          const verb = t(`letter.history.verbs.${event}`, { defaultValue: t('letter.history.verbs.other', { event: h.event }) });
          const positionId = h.actedAsPositionId ?? (h.actorPersonId && h.actorPersonId === drafter.personId ? drafter.positionId : null);
          const position = positionId ? positionName(positionId) : undefined;
          const at = formatDateTime(h.at);
          let line: string;
          if (!h.actorPersonId) line = t('letter.history.bySystem', { verb, at, actor: h.actorLabel });
          else if (position && (h.capacity === 'plh' || h.capacity === 'plt')) {
            line = t('letter.history.byDelegate', { name: h.actorName, capacity: h.capacity === 'plh' ? 'Plh.' : 'Plt.', position, verb, at });
          } else if (position) line = t('letter.history.byPosition', { position, verb, at });
          else line = t('letter.history.byPerson', { name: h.actorName ?? h.actorLabel, verb, at });
          return (
            <li key={h.seq}>
              <p className="timeline-line">{line}</p>
              {position && h.actorName && h.capacity !== 'plh' && h.capacity !== 'plt' && <p className="timeline-actor">{h.actorName}</p>}
              {h.comment && (
                <blockquote className="timeline-note">
                  <span className="visually-hidden">{t('letter.history.note')}: </span>
                  {h.comment}
                </blockquote>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
