import { useEffect, useState, type ReactNode } from 'react';
import type { Result, VisitPrint } from '../../db/model';
import { PRINT_READY_ATTRIBUTE, PRINT_READY_EVENT } from '../../db/model/print-ready';
import { BlankDocument, RekapDocument, SiteDocument, StoppedDocument, VisitDocument } from './print-documents';
import '../styles/print.css';
import { apiErrorText } from '../lib/api';

/** Tells the shell the page is ready to print (or why it is not): see db/shell.ts. */
function signal(value: string): void {
  document.documentElement.setAttribute(PRINT_READY_ATTRIBUTE, value);
  window.dispatchEvent(new Event(PRINT_READY_EVENT));
}

/** Text as a CSS string literal, for `content:` in a page margin box. */
const cssString = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;

/**
 * The running header and footer of each visit's pages: its number and site name at the top,
 * "DRAF" on a draft, and "Halaman x dari y" counted within the visit. The page counter runs over
 * the whole batch, so with each visit's page count (from the route) a counter style numbers
 * global pages start…start+count-1 as 1…count. Without counts (one visit) the counter is its own.
 */
function visitPageRules(visits: VisitPrint[], counts: number[] | null): string {
  let start = 1;
  return visits
    .map((v, i) => {
      const name = `ikm-visit-${i}`;
      const pages = counts?.[i];
      let footer = 'counter(page) " dari " counter(pages)';
      let counterStyle = '';
      if (pages && counts.length === visits.length) {
        const symbols = Array.from({ length: pages }, (_, n) => `"${n + 1}"`).join(' ');
        counterStyle = `@counter-style ${name} { system: fixed ${start}; symbols: ${symbols}; }`;
        footer = `counter(page, ${name}) " dari ${pages}"`;
        start += pages;
      }
      return `${counterStyle}
article[data-print-page="${name}"] { page: ${name}; }
@page ${name} {
  @top-left { content: ${cssString(`No. ${v.number}`)}; }
  ${v.draft ? '@top-center { content: "DRAF"; font-weight: 700; }' : ''}
  @top-right { content: ${cssString(v.siteName)}; }
  @bottom-center { content: "Halaman " ${footer}; }
}`;
    })
    .join('\n');
}

async function load(hash: string): Promise<ReactNode> {
  const [kind, first, second] = hash.replace(/^#\/cetak\//, '').split('/').map(decodeURIComponent);
  const value = async <T,>(call: Promise<Result<T>>): Promise<T> => {
    const result = await call;
    if (!result.ok) throw new Error(apiErrorText(result.error));
    return result.value;
  };
  switch (kind) {
    case 'kunjungan': {
      const visits = await value(window.ikm.print.visits({ ids: first.split(',') }));
      const counts = second ? second.split(',').map(Number) : null;
      return (
        <>
          <style>{visitPageRules(visits, counts)}</style>
          {visits.map((v, i) => (
            <VisitDocument key={v.number} visit={v} page={`ikm-visit-${i}`} />
          ))}
        </>
      );
    }
    case 'formulir':
      return <BlankDocument form={await value(window.ikm.print.blank({ visitKind: first as never }))} />;
    case 'usaha':
      return <SiteDocument site={await value(window.ikm.print.site({ id: first }))} />;
    case 'rekap':
      return <RekapDocument rekap={await value(window.ikm.print.rekap({ dateFrom: first, dateTo: second }))} />;
    case 'pabrik-berhenti':
      return <StoppedDocument list={await value(window.ikm.print.stopped(first ? JSON.parse(first) : {}))} />;
    default:
      throw new Error(`Halaman cetak tidak dikenal: ${hash}`);
  }
}

/**
 * A print route (#/cetak/…): the document alone on white A4, no app frame. Shells open it in a
 * hidden window (Electron) or a second page (tests) and print it once it signals it is ready.
 */
export function PrintPage({ hash }: { hash: string }) {
  const [content, setContent] = useState<ReactNode>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.documentElement.classList.add('print-root');
    let current = true;
    load(hash).then(
      (node) => current && setContent(node),
      (e: unknown) => {
        if (!current) return;
        const message = e instanceof Error ? e.message : String(e);
        setError(message);
        signal(`error: ${message}`);
      },
    );
    return () => {
      current = false;
    };
  }, [hash]);

  useEffect(() => {
    if (!content) return;
    // Every image decoded before the shell prints, or a photo could be missing from the PDF.
    const images = [...document.images].map((img) => img.decode().catch(() => undefined));
    void Promise.all(images).then(() => document.fonts.ready).then(() => signal('ok'));
  }, [content]);

  if (error) return <p className="print-error">{error}</p>;
  return <main className="print-main">{content}</main>;
}
