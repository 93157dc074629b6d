import { useTranslation } from 'react-i18next';

export interface ChosenPosition {
  positionId: string;
  name: string;
  /** Who holds it, or who acts for it (Plt/Plh), as a second line. */
  detail?: string;
}

interface PositionListProps {
  label: string;
  items: ChosenPosition[];
  onChange: (items: ChosenPosition[]) => void;
  numbered?: boolean;
}

/** The positions chosen for a list (Kepada, Tembusan), in order, with move up/down and remove. */
export function PositionList({ label, items, onChange, numbered = true }: PositionListProps) {
  const { t } = useTranslation();
  if (items.length === 0) return null;
  const move = (i: number, by: number) => {
    const next = [...items];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const List = numbered ? 'ol' : 'ul';
  return (
    <List className="chosen" aria-label={label}>
      {items.map((item, i) => (
        <li key={item.positionId}>
          <span className="chosen-text">
            <span>{item.name}</span>
            {item.detail && <span className="hint">{item.detail}</span>}
          </span>
          <span className="chosen-actions">
            <button type="button" className="button secondary small" disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('draft.moveUp', { name: item.name })}>
              ↑
            </button>
            <button type="button" className="button secondary small" disabled={i === items.length - 1} onClick={() => move(i, 1)} aria-label={t('draft.moveDown', { name: item.name })}>
              ↓
            </button>
            <button type="button" className="button secondary small" onClick={() => onChange(items.filter((_, j) => j !== i))} aria-label={t('draft.remove', { name: item.name })}>
              ✕
            </button>
          </span>
        </li>
      ))}
    </List>
  );
}
