import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

interface ComboboxProps<T> {
  label: string;
  hint?: string;
  placeholder?: string;
  /** Finds options for the typed text (debounced here). */
  search: (q: string) => Promise<T[]>;
  optionKey: (item: T) => string;
  renderOption: (item: T) => ReactNode;
  /** The option's text for the screen reader's announcement. */
  optionText: (item: T) => string;
  onPick: (item: T) => void;
  emptyText: string;
  error?: string;
  disabledKeys?: Set<string>;
  /** The input's id, for moving focus to it. */
  inputId?: string;
}

/**
 * A search box with a list of results (the ARIA 1.2 combobox pattern): type to search, arrow
 * keys move through the results, Enter picks one, Escape closes the list. The field is emptied
 * after a pick, ready for the next one.
 */
export function Combobox<T>(props: ComboboxProps<T>) {
  const id = useId();
  const listId = `${id}-list`;
  const inputId = props.inputId ?? `${id}-input`;
  const [text, setText] = useState('');
  const [items, setItems] = useState<T[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [searched, setSearched] = useState(false);
  const seq = useRef(0);
  const { search } = props;

  useEffect(() => {
    if (!open) return;
    const mine = ++seq.current;
    const timer = setTimeout(() => {
      search(text.trim())
        .then((found) => {
          if (mine !== seq.current) return;
          setItems(found);
          setActive(found.length > 0 ? 0 : -1);
          setSearched(true);
        })
        .catch(() => mine === seq.current && setItems([]));
    }, 150);
    return () => clearTimeout(timer);
  }, [text, open, search]);

  function pick(item: T) {
    if (props.disabledKeys?.has(props.optionKey(item))) return;
    props.onPick(item);
    setText('');
    setOpen(false);
    setSearched(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) setOpen(true);
      else setActive((a) => Math.min(items.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter') {
      if (open && active >= 0 && items[active]) {
        e.preventDefault();
        pick(items[active]);
      }
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  }

  const activeId = open && active >= 0 && items[active] ? `${id}-opt-${active}` : undefined;
  return (
    <div className="field combobox">
      <label htmlFor={inputId}>
        <span className="combobox-label">{props.label}</span>
        {props.hint && <span className="hint"> {props.hint}</span>}
      </label>
      <input
        id={inputId}
        role="combobox"
        aria-expanded={open && searched}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
        autoComplete="off"
        placeholder={props.placeholder}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {props.error && (
        <span id={`${id}-error`} className="field-error">
          {props.error}
        </span>
      )}
      <ul id={listId} role="listbox" aria-label={props.label} className={open && searched ? 'combobox-list open' : 'combobox-list'}>
        {open && searched && items.length === 0 && (
          <li className="combobox-empty" role="option" aria-selected={false} aria-disabled>
            {props.emptyText}
          </li>
        )}
        {open &&
          searched &&
          items.map((item, i) => {
            const disabled = props.disabledKeys?.has(props.optionKey(item));
            return (
              <li
                key={props.optionKey(item)}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                aria-disabled={disabled || undefined}
                aria-label={props.optionText(item)}
                className={i === active ? 'active' : undefined}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => pick(item)}
              >
                {props.renderOption(item)}
              </li>
            );
          })}
      </ul>
    </div>
  );
}
