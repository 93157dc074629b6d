import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/schema';
import { Status, useLoad } from './useLoad';

type Diagram = components['schemas']['WorkflowDiagramDto'];
type State = components['schemas']['DiagramStateDto'];

/** The workflow files in force; the chosen one drawn as a diagram, with its transitions as a table too. */
export function WorkflowsSection() {
  const { t } = useTranslation();
  const list = useLoad(() => unwrap(api.GET('/api/v1/admin/workflows')));
  const [key, setKey] = useState<string | null>(null);
  const chosen = key ?? list.data?.[0]?.key ?? null;
  const diagram = useLoad(async () => (chosen ? unwrap(api.GET('/api/v1/admin/workflows/{key}/diagram', { params: { path: { key: chosen } } })) : null), [chosen]);
  return (
    <div>
      <h2>{t('admin.sections.workflows')}</h2>
      <Status error={list.error} loading={!list.data} />
      {list.data && (
        <label className="field">
          <span>{t('admin.workflows.choose')}</span>
          <select value={chosen ?? ''} onChange={(e) => setKey(e.target.value)}>
            {list.data.map((w) => (
              <option key={w.key} value={w.key}>
                {w.name} ({w.key} v{w.version})
              </option>
            ))}
          </select>
        </label>
      )}
      <Status error={diagram.error} loading={!!chosen && !diagram.data} />
      {diagram.data && diagram.data.key === chosen && <WorkflowDiagram diagram={diagram.data} />}
    </div>
  );
}

/** A state label in at most two lines that fit its box. */
function wrap(label: string, width = 22): string[] {
  if (label.length <= width) return [label];
  const words = label.split(' ');
  let first = '';
  while (words.length > 0 && `${first} ${words[0]}`.trim().length <= width) first = `${first} ${words.shift()}`.trim();
  const rest = words.join(' ');
  return first ? [first, rest.length > width ? `${rest.slice(0, width - 1)}…` : rest] : [`${label.slice(0, width - 1)}…`];
}

interface Arrow {
  from: State;
  to: State;
  labels: string[];
}

/** Boxes and arrows: forward arrows run right, backward ones curve below, a stay loops above its box. */
function WorkflowDiagram({ diagram }: { diagram: Diagram }) {
  const { t } = useTranslation();
  const byName = new Map(diagram.states.map((s) => [s.name, s]));
  const arrows = new Map<string, Arrow>();
  for (const e of diagram.edges) {
    const id = `${e.from}>${e.to}`;
    const arrow = arrows.get(id) ?? { from: byName.get(e.from)!, to: byName.get(e.to)!, labels: [] };
    arrow.labels.push(e.label);
    arrows.set(id, arrow);
  }
  const w = diagram.nodeWidth;
  const h = diagram.nodeHeight;
  const pad = 40;
  const titleId = `wf-${diagram.key}-title`;

  function path(a: Arrow): { d: string; lx: number; ly: number } {
    const { from, to } = a;
    if (from.name === to.name) {
      const x = from.x + w / 2;
      return { d: `M ${x - 20} ${from.y} C ${x - 30} ${from.y - 34}, ${x + 30} ${from.y - 34}, ${x + 20} ${from.y}`, lx: x, ly: from.y - 30 };
    }
    if (to.x > from.x) {
      const x1 = from.x + w;
      const y1 = from.y + h / 2;
      const x2 = to.x;
      const y2 = to.y + h / 2;
      const mx = (x1 + x2) / 2;
      return { d: `M ${x1} ${y1} C ${mx} ${y1}, ${mx} ${y2}, ${x2} ${y2}`, lx: mx, ly: (y1 + y2) / 2 - 4 };
    }
    if (to.x === from.x) {
      const x = from.x + w;
      const y1 = from.y + h / 2;
      const y2 = to.y + h / 2;
      return { d: `M ${x} ${y1} C ${x + 36} ${y1}, ${x + 36} ${y2}, ${x} ${y2}`, lx: x + 30, ly: (y1 + y2) / 2 };
    }
    const x1 = from.x + w / 2;
    const y1 = from.y + h;
    const x2 = to.x + w / 2;
    const y2 = to.y + h;
    const low = Math.max(y1, y2) + 28;
    return { d: `M ${x1} ${y1} C ${x1} ${low}, ${x2} ${low}, ${x2} ${y2}`, lx: (x1 + x2) / 2, ly: low - 2 };
  }

  return (
    <>
      <p className="muted">{t('admin.workflows.summary', { states: diagram.states.length, transitions: diagram.edges.length })}</p>
      <div className="workflow-diagram" role="region" aria-label={t('admin.workflows.diagramOf', { name: diagram.name })} tabIndex={0}>
        <svg viewBox={`0 ${-pad} ${diagram.width} ${diagram.height + 2 * pad}`} width={diagram.width} height={diagram.height + 2 * pad} role="img" aria-labelledby={titleId}>
          <title id={titleId}>{t('admin.workflows.diagramOf', { name: diagram.name })}</title>
          <defs>
            <marker id="wf-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
              <path d="M 0 0 L 10 5 L 0 10 z" className="wf-arrowhead" />
            </marker>
          </defs>
          {[...arrows.values()].map((a) => {
            const p = path(a);
            return (
              <g key={`${a.from.name}>${a.to.name}`} className="wf-edge">
                <path d={p.d} markerEnd="url(#wf-arrow)" />
                <text x={p.lx} y={p.ly} textAnchor="middle">
                  {a.labels.length > 1 ? `${a.labels[0]} +${a.labels.length - 1}` : a.labels[0]}
                </text>
              </g>
            );
          })}
          {diagram.states.map((s) => (
            <g key={s.name} className={`wf-state${s.initial ? ' initial' : ''}${s.final ? ' final' : ''}`} data-state={s.name}>
              <rect x={s.x} y={s.y} width={w} height={h} rx={10} />
              <text x={s.x + w / 2} y={s.y + (s.deadline ? h / 2 - 4 : h / 2 + 5) - (wrap(s.label).length - 1) * 7} textAnchor="middle" className="wf-label">
                {wrap(s.label).map((line, i) => (
                  <tspan key={i} x={s.x + w / 2} dy={i === 0 ? 0 : 14}>
                    {line}
                  </tspan>
                ))}
              </text>
              {s.deadline && (
                <text x={s.x + w / 2} y={s.y + h / 2 + 14} textAnchor="middle" className="wf-deadline">
                  ⏱ {s.deadline}
                </text>
              )}
            </g>
          ))}
        </svg>
      </div>
      <details className="workflow-table">
        <summary>{t('admin.workflows.transitions')}</summary>
        <div className="admin-table" role="region" aria-label={t('admin.workflows.transitions')} tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.workflows.from')}</th>
                <th scope="col">{t('admin.workflows.event')}</th>
                <th scope="col">{t('admin.workflows.to')}</th>
              </tr>
            </thead>
            <tbody>
              {diagram.edges.map((e) => (
                <tr key={`${e.from}>${e.to}:${e.label}`}>
                  <td>{byName.get(e.from)?.label}</td>
                  <td>{e.label}</td>
                  <td>{byName.get(e.to)?.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
