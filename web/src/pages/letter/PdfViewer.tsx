import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, rawFetch } from '../../api/client';
import { errorMessage } from '../../api/errors';

// pdf.js is loaded only on this page, its worker from our own origin (CSP: worker-src 'self').
type PdfJs = typeof import('pdfjs-dist');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

let pdfjsPromise: Promise<PdfJs> | null = null;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return pdfjsPromise;
}

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2, 3];

interface Props {
  /** Where the PDF is read (the letter's document, or an incoming letter's scan). */
  src: string;
  /** A new value fetches the PDF again (the letter's version: after signing, the signed PDF). */
  reloadKey: string | number;
  fileName: string;
}

/**
 * The letter's PDF, every page drawn on a canvas, fit to the width of its column (360 px on a
 * phone) and zoomed from there. A download link beside it serves readers who prefer their own viewer.
 */
export function PdfViewer({ src, reloadKey, fileName }: Props) {
  const { t } = useTranslation();
  const frame = useRef<HTMLDivElement>(null);
  const pagesRef = useRef<(HTMLCanvasElement | null)[]>([]);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [zoom, setZoom] = useState(1);
  const [width, setWidth] = useState(0);
  const [current, setCurrent] = useState(1);
  const [download, setDownload] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let loaded: PdfDocument | null = null;
    let url: string | null = null;
    setDoc(null);
    setError(null);
    setMissing(false);
    (async () => {
      try {
        const [pdfjs, response] = await Promise.all([loadPdfJs(), rawFetch(src, { cache: 'no-store' })]);
        const bytes = new Uint8Array(await response.arrayBuffer());
        if (cancelled) return;
        url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
        setDownload(url);
        // No eval: the CSP allows none, and pdf.js then draws fonts without compiling them.
        loaded = await pdfjs.getDocument({ data: bytes, isEvalSupported: false }).promise;
        if (cancelled) return void loaded.destroy();
        setDoc(loaded);
        setCurrent(1);
      } catch (err) {
        if (cancelled) return;
        if (err instanceof ApiError && err.status === 404) setMissing(true);
        else setError(errorMessage(t, err));
      }
    })();
    return () => {
      cancelled = true;
      void loaded?.destroy();
      if (url) URL.revokeObjectURL(url);
    };
  }, [src, reloadKey, t]);

  // The column's width decides the scale, so a page fits a 360 px phone as it fits a desktop.
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, [doc]);

  useEffect(() => {
    if (!doc || width === 0) return;
    let cancelled = false;
    const tasks: { cancel: () => void }[] = [];
    (async () => {
      for (let n = 1; n <= doc.numPages && !cancelled; n++) {
        const page = await doc.getPage(n);
        const canvas = pagesRef.current[n - 1];
        if (!canvas || cancelled) return;
        const fit = width / page.getViewport({ scale: 1 }).width;
        const viewport = page.getViewport({ scale: fit * zoom });
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.style.width = `${Math.floor(viewport.width)}px`;
        canvas.style.height = `${Math.floor(viewport.height)}px`;
        const task = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
        tasks.push(task);
        await task.promise.catch(() => undefined);
      }
    })();
    return () => {
      cancelled = true;
      tasks.forEach((task) => task.cancel());
    };
  }, [doc, width, zoom]);

  const goTo = useCallback((n: number) => {
    setCurrent(n);
    pagesRef.current[n - 1]?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, []);

  const zoomAt = ZOOMS.indexOf(zoom);
  const pages = doc?.numPages ?? 0;

  return (
    <section className="pdf card" aria-labelledby="pdf-title">
      <div className="pdf-head">
        <h2 id="pdf-title">{t('letter.pdf.title')}</h2>
        {download && (
          <a className="button secondary" href={download} download={fileName}>
            {t('letter.pdf.download')}
          </a>
        )}
      </div>
      {missing ? (
        <p>{t('letter.pdf.none')}</p>
      ) : (
        // The toolbar and the page area hold their place from the first paint, so nothing below moves when the PDF arrives.
        <>
          <div className="pdf-toolbar" role="toolbar" aria-label={t('letter.pdf.toolbar')}>
            <button type="button" className="button secondary" onClick={() => setZoom(ZOOMS[zoomAt - 1])} disabled={!doc || zoomAt <= 0} aria-label={t('letter.pdf.zoomOut')}>
              −
            </button>
            <button type="button" className="button secondary" onClick={() => setZoom(1)} disabled={!doc || zoom === 1}>
              {t('letter.pdf.fitWidth')}
            </button>
            <button type="button" className="button secondary" onClick={() => setZoom(ZOOMS[zoomAt + 1])} disabled={!doc || zoomAt >= ZOOMS.length - 1} aria-label={t('letter.pdf.zoomIn')}>
              +
            </button>
            <span className="pdf-zoom" aria-live="polite">
              {Math.round(zoom * 100)}%
            </span>
            {pages > 1 && (
              <span className="pdf-pages">
                <button type="button" className="button secondary" onClick={() => goTo(current - 1)} disabled={current <= 1} aria-label={t('letter.pdf.previousPage')}>
                  ‹
                </button>
                <span aria-live="polite">{t('letter.pdf.pageOf', { page: current, pages })}</span>
                <button type="button" className="button secondary" onClick={() => goTo(current + 1)} disabled={current >= pages} aria-label={t('letter.pdf.nextPage')}>
                  ›
                </button>
              </span>
            )}
          </div>
          {/* A focusable scroll area: the keyboard scrolls a zoomed page too. */}
          <div className="pdf-frame" ref={frame} tabIndex={0} role="region" aria-label={t('letter.pdf.pagesRegion', { pages })}>
            {error && (
              <p className="error" role="alert">
                {error}
              </p>
            )}
            {!doc && !error && (
              <p className="loading pdf-loading" role="status">
                {t('letter.pdf.loading')}
              </p>
            )}
            {Array.from({ length: pages }, (_, i) => (
              <canvas
                key={`${reloadKey}-${i}`}
                ref={(el) => {
                  pagesRef.current[i] = el;
                }}
                className="pdf-page"
                role="img"
                aria-label={t('letter.pdf.pageOf', { page: i + 1, pages })}
                data-page={i + 1}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
