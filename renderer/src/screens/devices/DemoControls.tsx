import { Badge, Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { SimulateAction, type DeviceView } from '../../contract.js';
import { notifyError } from '../../forms/errors.js';
import { GARBAGE_HEX, SAMPLE_CCCD, SAMPLE_MRZ, SAMPLE_UIDS, demoKind } from './deviceHelpers.js';

type Busy = 'present' | 'remove' | 'id_card' | 'cccd' | 'mrz' | 'text' | 'garbage' | null;

/** Demo mode: what a person would do at a simulated device, by driver. */
export function DemoControls({ device }: { device: DeviceView }) {
  const { t } = useTranslation();
  const kind = demoKind(device.driver);
  const [uid, setUid] = useState(SAMPLE_UIDS[device.driver] ?? '');
  const [uidError, setUidError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState<Busy>(null);

  const run = async (key: Exclude<Busy, null>, action: SimulateAction) => {
    setBusy(key);
    try {
      await api('simulateDevice', { params: { id: device.id }, body: action });
    } catch (err) {
      notifyError(err, t);
    } finally {
      setBusy(null);
    }
  };

  const present = () => {
    const parsed = SimulateAction.safeParse({ action: 'present', uid });
    if (!parsed.success) {
      setUidError(t('validation.card_uid'));
      return;
    }
    setUidError(null);
    void run('present', parsed.data);
  };

  const button = (key: Exclude<Busy, null>, label: string, onClick: () => void, testId: string, disabled = false) => (
    <Button
      size="xs"
      variant="light"
      color="grape"
      loading={busy === key}
      disabled={disabled || (busy !== null && busy !== key)}
      onClick={onClick}
      data-testid={testId}
    >
      {label}
    </Button>
  );

  return (
    <Group gap="xs" wrap="wrap" align="flex-start" data-testid="device-demo" data-device-id={device.id}>
      <Badge variant="outline" color="grape" size="sm" mt={6}>
        {t('devices.demo')}
      </Badge>
      {kind === 'card' ? (
        <>
          <TextInput
            size="xs"
            w={150}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            aria-label={t('devices.cardUid')}
            placeholder={t('devices.cardUid')}
            value={uid}
            error={uidError}
            onChange={(e) => {
              setUid(e.currentTarget.value);
              setUidError(null);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') present();
            }}
            data-testid="demo-uid"
          />
          {button('present', t('devices.presentCard'), present, 'demo-present')}
          {button('remove', t('devices.removeCard'), () => void run('remove', { action: 'remove' }), 'demo-remove')}
        </>
      ) : null}
      {kind === 'id_card' ? button('id_card', t('devices.presentIdCard'), () => void run('id_card', { action: 'id_card' }), 'demo-id-card') : null}
      {kind === 'scanner' ? (
        <>
          {button('cccd', t('devices.scanCccd'), () => void run('cccd', { action: 'scan', text: SAMPLE_CCCD }), 'demo-scan-cccd')}
          {button('mrz', t('devices.scanMrz'), () => void run('mrz', { action: 'scan', text: SAMPLE_MRZ }), 'demo-scan-mrz')}
          <Group gap={6} wrap="nowrap" flex={1} miw={240}>
            <TextInput
              size="xs"
              flex={1}
              aria-label={t('devices.scanText')}
              placeholder={t('devices.scanText')}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && text.trim()) void run('text', { action: 'scan', text });
              }}
              data-testid="demo-scan-text"
            />
            {button('text', t('devices.scan'), () => void run('text', { action: 'scan', text }), 'demo-scan', text.trim() === '')}
          </Group>
        </>
      ) : null}
      {button('garbage', t('devices.garbage'), () => void run('garbage', { action: 'garbage', hex: GARBAGE_HEX }), 'demo-garbage')}
    </Group>
  );
}
