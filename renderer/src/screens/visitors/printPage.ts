/**
 * Prints the current page: inside the FrontGate shell silently through its print bridge (the default printer of the
 * desk PC), in a plain browser with the browser's print dialog.
 */
type BridgePrintResult = Awaited<ReturnType<NonNullable<Window['frontgate']>['print']>>;
export type PrintFailure = Extract<BridgePrintResult, { error: unknown }>['error'];

export async function printPage(win: Pick<Window, 'frontgate' | 'print'> = window): Promise<PrintFailure | null> {
  const bridge = win.frontgate;
  if (!bridge) {
    win.print();
    return null;
  }
  try {
    const result = await bridge.print({ silent: true });
    return 'error' in result ? result.error : null;
  } catch {
    return 'failed';
  }
}
