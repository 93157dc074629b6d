import { Fragment, type ReactNode } from 'react';

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]);

/**
 * The server's snippet (its text escaped, the matches in `<mark>`) as React nodes: only the
 * `<mark>` pairs become elements, everything else is text, so no markup of a letter ever runs.
 */
export function Snippet({ html }: { html: string }): ReactNode {
  if (!html) return null;
  const parts = html.split(/(<mark>.*?<\/mark>)/s);
  return (
    <>
      {parts.map((part, i) => {
        const marked = /^<mark>(.*)<\/mark>$/s.exec(part);
        return marked ? <mark key={i}>{unescape(marked[1])}</mark> : <Fragment key={i}>{unescape(part)}</Fragment>;
      })}
    </>
  );
}
