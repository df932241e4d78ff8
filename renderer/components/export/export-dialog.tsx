import { useState } from 'react';
import { Button, Modal } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ExportPanel, type ExportSource } from './export-panel';
import { useFilterLines } from './filter-lines';

/** The "Ekspor" button of the visit log and the register: exports what the list shows now. */
export function ExportButton({ what, lines: givenLines, title }: { what: ExportSource; lines?: string[]; title?: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const describe = useFilterLines();
  const lines = givenLines ?? (what.source === 'visits' ? describe.visits(what.filter) : what.source === 'sites' ? describe.sites(what.filter) : []);
  return (
    <>
      <Button variant="default" leftSection={<IconFileExport size={18} />} onClick={() => setOpen(true)}>
        {t('export.button')}
      </Button>
      <Modal
        opened={open}
        onClose={() => setOpen(false)}
        title={title ?? (what.source === 'visits' ? t('export.visitsTitle') : t('export.sitesTitle'))}
        size="lg"
      >
        <ExportPanel what={what} filterLines={lines} />
      </Modal>
    </>
  );
}
