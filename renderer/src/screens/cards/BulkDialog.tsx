import { Alert, Badge, Button, Code, Group, ScrollArea, Select, Stack, Table, Text, Textarea } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { BulkCardAction, type CardAction, type ResponseOf } from '../../contract.js';
import { useContractValidate, useFormAction } from '../../forms/contractForm.js';
import { ACTION_ORDER, statusColor } from './cardHelpers.js';

type Preview = ResponseOf<'bulkCardAction'>;
interface Values {
  action: CardAction;
  reason: string;
}

/** Bulk action: choose the action and reason, see what would happen to each card, then apply. */
export function BulkDialog({ ids, onDone }: { ids: number[]; onDone(): void }) {
  const { t } = useTranslation();
  const toInput = useCallback((v: Values) => ({ ids, action: v.action, reason: v.reason, preview: true }), [ids]);
  const validate = useContractValidate<Values>(BulkCardAction, toInput);
  const form = useForm<Values>({ mode: 'controlled', initialValues: { action: 'suspend', reason: '' }, validate });
  const [preview, setPreview] = useState<Preview | null>(null);
  const action = useFormAction(form);
  const { error, busy } = action;

  const run = (values: Values, apply: boolean) => {
    const send = () => api('bulkCardAction', { body: BulkCardAction.parse({ ...toInput(values), preview: !apply }) });
    return apply
      ? action.run(send, (result) => t('cards.bulkDone', { count: result.items.filter((i) => i.refused === null).length }), onDone)
      : action.run(send, null, setPreview);
  };

  const changing = preview?.items.filter((i) => i.refused === null).length ?? 0;
  const refused = (preview?.items.length ?? 0) - changing;

  return (
    <Stack data-testid="bulk-dialog">
      {error ? (
        <Alert color="red" data-testid="form-error">
          {error}
        </Alert>
      ) : null}
      {preview === null ? (
        <form onSubmit={form.onSubmit((v) => void run(v, false))} noValidate>
          <Stack>
            <Select
              label={t('cards.bulkAction')}
              withAsterisk
              allowDeselect={false}
              data={ACTION_ORDER.map((a) => ({ value: a, label: t(`cards.actions.${a}`) }))}
              data-testid="bulk-action"
              {...form.getInputProps('action')}
            />
            <Textarea label={t('cards.reason')} description={t('cards.reasonHint')} withAsterisk autosize minRows={2} data-testid="bulk-reason" {...form.getInputProps('reason')} />
            <Group justify="flex-end">
              <Button type="submit" loading={busy} data-testid="bulk-preview">
                {t('cards.preview')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : (
        <>
          <Text size="sm">{t('cards.previewIntro')}</Text>
          <Group gap="sm">
            <Badge color="blue" variant="light" data-testid="bulk-changing">
              {t('cards.willChange', { count: changing })}
            </Badge>
            {refused > 0 ? (
              <Badge color="red" variant="light" data-testid="bulk-refused">
                {t('cards.refusedCount', { count: refused })}
              </Badge>
            ) : null}
          </Group>
          <ScrollArea.Autosize mah={360}>
            <Table data-testid="bulk-preview-table" verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('cards.uid')}</Table.Th>
                  <Table.Th>{t('cards.outcome')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {preview.items.map((item) => (
                  <Table.Tr key={item.id} data-testid="bulk-preview-row" data-refused={item.refused ?? ''} bg={item.refused ? 'var(--mantine-color-red-light)' : undefined}>
                    <Table.Td>
                      <Code>{item.uid ?? `#${item.id}`}</Code>
                    </Table.Td>
                    <Table.Td>
                      {item.refused ? (
                        <Text size="sm" c="red.8">
                          {item.from ? `${t(`cards.statuses.${item.from}`)}: ` : ''}
                          {t(`cards.refused.${item.refused}`)}
                        </Text>
                      ) : (
                        <Group gap={6} wrap="nowrap">
                          {item.from ? <Badge color={statusColor[item.from]} variant="light">{t(`cards.statuses.${item.from}`)}</Badge> : null}
                          <Text size="sm">→</Text>
                          {item.to ? <Badge color={statusColor[item.to]}>{t(`cards.statuses.${item.to}`)}</Badge> : null}
                        </Group>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
          <Group justify="space-between">
            <Button variant="default" onClick={() => setPreview(null)} data-testid="bulk-back">
              {t('cards.back')}
            </Button>
            <Button color="red" disabled={changing === 0} loading={busy} onClick={() => void run(form.getValues(), true)} data-testid="bulk-apply">
              {t('cards.apply')} ({changing})
            </Button>
          </Group>
        </>
      )}
    </Stack>
  );
}
