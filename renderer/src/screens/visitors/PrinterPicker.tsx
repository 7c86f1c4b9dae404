import { Select } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { storedPrinter, storePrinter } from './printPage.js';

type Printer = Awaited<ReturnType<NonNullable<Window['frontgate']>['listPrinters']>>[number];

/** Inside the FrontGate shell: which printer this station's badges and lists go to (empty = the PC's default). */
export function PrinterPicker() {
  const { t } = useTranslation();
  const bridge = window.frontgate;
  const [printers, setPrinters] = useState<Printer[]>([]);
  const [chosen, setChosen] = useState<string | null>(storedPrinter());
  useEffect(() => {
    if (!bridge) return;
    let live = true;
    bridge.listPrinters().then(
      (list) => live && setPrinters(list),
      () => live && setPrinters([]),
    );
    return () => {
      live = false;
    };
  }, [bridge]);
  if (!bridge) return null;
  return (
    <Select
      className="fg-no-print"
      label={t('visits.print.printer')}
      placeholder={t('visits.print.defaultPrinter')}
      clearable
      data={printers.map((p) => ({ value: p.name, label: p.isDefault ? `${p.displayName} ★` : p.displayName }))}
      value={chosen}
      onChange={(value) => {
        storePrinter(value);
        setChosen(value);
      }}
      data-testid="printer-picker"
    />
  );
}
