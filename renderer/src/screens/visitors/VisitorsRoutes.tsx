import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { lazyFrom } from '../../app/lazyScreen.js';
import { useCan } from '../../app/session.js';
import { ForbiddenScreen, NotFoundScreen } from '../../components/StatusScreens.js';
import { DeskBoard } from './DeskBoard.js';
import { loadBadge, loadEvacuation, loadRegister, loadVisitPanel } from './visitorScreens.js';

// The board is what the desk opens on; registration, the visit panel and the print pages load when opened.
const RegisterVisitorScreen = lazyFrom(loadRegister, 'RegisterVisitorScreen');
const EvacuationList = lazyFrom(loadEvacuation, 'EvacuationList');
const VisitPanel = lazyFrom(loadVisitPanel, 'VisitPanel');
const BadgePrint = lazyFrom(loadBadge, 'BadgePrint');

/** The reception desk's visitor screens under /visitors (the route itself needs visits.read). */
export function VisitorsRoutes() {
  return (
    <Routes>
      <Route index element={<DeskBoard />} />
      <Route path="new" element={<ManageOnly><RegisterVisitorScreen /></ManageOnly>} />
      <Route path="on-site/print" element={<EvacuationList />} />
      <Route path=":id" element={<VisitPanel />} />
      <Route path=":id/badge" element={<BadgePrint />} />
      <Route path="*" element={<NotFoundScreen />} />
    </Routes>
  );
}

function ManageOnly({ children }: { children: ReactNode }) {
  const can = useCan();
  return can('visits.manage') ? children : <ForbiddenScreen />;
}
