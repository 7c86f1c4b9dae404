import { Paper, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageHeader } from '../../components/PageHeader.js';
import { ControllersTab } from './ControllersTab.js';
import { GroupsTab } from './GroupsTab.js';
import { HolidaysTab } from './HolidaysTab.js';
import { ReadersTab } from './ReadersTab.js';
import { SchedulesTab } from './SchedulesTab.js';
import { ZonesTab } from './ZonesTab.js';

const TABS = ['zones', 'readers', 'schedules', 'holidays', 'groups', 'controllers'] as const;
type Tab = (typeof TABS)[number];

/** Access configuration (access.manage): zones, readers, weekly schedules, holidays, access groups, door controllers. */
export function AccessScreen() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = (TABS as readonly string[]).includes(params.get('tab') ?? '') ? (params.get('tab') as Tab) : 'zones';
  return (
    <>
      <PageHeader title={t('access.title')} />
      <Paper withBorder p="md" radius="md">
        <Tabs value={tab} onChange={(v) => setParams(v ? { tab: v } : {}, { replace: true })} keepMounted={false}>
          <Tabs.List mb="md">
            {TABS.map((k) => (
              <Tabs.Tab key={k} value={k} data-testid={`access-tab-${k}`}>
                {t(`access.tabs.${k}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          <Tabs.Panel value="zones">
            <ZonesTab />
          </Tabs.Panel>
          <Tabs.Panel value="readers">
            <ReadersTab />
          </Tabs.Panel>
          <Tabs.Panel value="schedules">
            <SchedulesTab />
          </Tabs.Panel>
          <Tabs.Panel value="holidays">
            <HolidaysTab />
          </Tabs.Panel>
          <Tabs.Panel value="groups">
            <GroupsTab />
          </Tabs.Panel>
          <Tabs.Panel value="controllers">
            <ControllersTab />
          </Tabs.Panel>
        </Tabs>
      </Paper>
    </>
  );
}
