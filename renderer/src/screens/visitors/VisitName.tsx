import { Anchor, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { VisitView } from '../../contract.js';

/** The visitor's name, opening the visit panel; the company underneath when given. */
export function VisitName({ visit }: { visit: Pick<VisitView, 'id' | 'fullName' | 'company'> }) {
  return (
    <>
      <Anchor component={Link} to={`/visitors/${visit.id}`} fw={650} fz="lg" data-testid="visit-name">
        {visit.fullName}
      </Anchor>
      {visit.company ? (
        <Text size="sm" c="dimmed" lineClamp={1}>
          {visit.company}
        </Text>
      ) : null}
    </>
  );
}
