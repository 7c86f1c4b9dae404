/** Page size and what prints, only while a print view is open: the staff frame and the toolbar never print. */
const PAGES = {
  /** ID-1 card size (CR80), fits badge holders and card printers. */
  badge: '86mm 54mm',
  list: 'A4 portrait',
} as const;

export type PrintPage = keyof typeof PAGES;

export function PrintStyles({ page }: { page: PrintPage }) {
  const margin = page === 'badge' ? '0' : '12mm';
  const css = `
@page { size: ${PAGES[page]}; margin: ${margin}; }
@media print {
  .mantine-AppShell-header, .mantine-AppShell-navbar, .mantine-Notifications-root, .fg-no-print { display: none !important; }
  .mantine-AppShell-main { padding: 0 !important; min-height: 0 !important; }
  html, body { background: #fff !important; }
}`;
  return <style data-testid="print-styles">{css}</style>;
}
