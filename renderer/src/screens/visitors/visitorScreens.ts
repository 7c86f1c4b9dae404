/**
 * The desk's screens after the board, each its own chunk (VisitorsRoutes.tsx). The board fetches registration when
 * the pointer or the focus reaches its button, so that it opens at once (docs/performance.md, "Screens").
 */
import { screenLoader } from '../../app/firstScreen.js';

export const loadRegister = screenLoader(() => import('./RegisterVisitorScreen.js'));
export const loadEvacuation = screenLoader(() => import('./EvacuationList.js'));
export const loadVisitPanel = screenLoader(() => import('./VisitPanel.js'));
export const loadBadge = screenLoader(() => import('./BadgePrint.js'));
