import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router';
import { useCan } from '../../app/session.js';
import { ForbiddenScreen, NotFoundScreen } from '../../components/StatusScreens.js';
import { BadgePrint } from './BadgePrint.js';
import { DeskBoard } from './DeskBoard.js';
import { EvacuationList } from './EvacuationList.js';
import { RegisterVisitorScreen } from './RegisterVisitorScreen.js';
import { VisitPanel } from './VisitPanel.js';

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
