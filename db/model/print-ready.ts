/**
 * A print route sets this attribute on <html> ("ok", or "error: …") and fires the event of the
 * same name once its data and images are on the page; a shell waits for it before printing.
 * Pure, so the renderer can import it.
 */
export const PRINT_READY_ATTRIBUTE = 'data-print-ready';
export const PRINT_READY_EVENT = 'ikm-print-ready';
