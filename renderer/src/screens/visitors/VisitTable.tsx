import { Table } from '@mantine/core';
import { Children, startTransition, useEffect, useState, type ReactNode } from 'react';

/** Rows added per task while a list fills (docs/performance.md, "Screens"). */
const ROWS_PER_TASK = 10;

/**
 * How many of `total` rows to render: a list fills ten rows per task, each step a transition, so that a long list
 * never holds the main thread in one long task (30 on-site visitors took one of ≈ 200 ms; ten rows take ≈ 40 ms).
 * Rows once shown stay shown.
 */
function useRowsShown(total: number): number {
  const [shown, setShown] = useState(ROWS_PER_TASK);
  useEffect(() => {
    if (shown >= total) return;
    const next = setTimeout(() => startTransition(() => setShown((n) => n + ROWS_PER_TASK)), 0);
    return () => clearTimeout(next);
  }, [shown, total]);
  return Math.min(shown, total);
}

/** The frame of the desk's visit lists: a scrolling table with its header row (and a narrow actions column). */
export function VisitTable({ testId, minWidth, headers, actions, children }: { testId: string; minWidth: number; headers: string[]; actions: string | null; children: ReactNode }) {
  const rows = Children.toArray(children);
  const shown = useRowsShown(rows.length);
  return (
    <Table.ScrollContainer minWidth={minWidth}>
      <Table verticalSpacing="sm" data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {headers.map((label) => (
              <Table.Th key={label}>{label}</Table.Th>
            ))}
            {actions === null ? null : <Table.Th w={1}>{actions}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{rows.slice(0, shown)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
