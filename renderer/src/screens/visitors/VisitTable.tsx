import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/** The frame of the desk's visit lists: a scrolling table with its header row (and a narrow actions column). */
export function VisitTable({ testId, minWidth, headers, actions, children }: { testId: string; minWidth: number; headers: string[]; actions: string | null; children: ReactNode }) {
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
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
