import { useState } from 'react';
import { Alert, Button, Code, Group, Stack } from '@mantine/core';
import { IconFileTypePdf, IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { PrintTarget } from '../../../db/model';
import { errorMessage, unwrap } from '../../lib/api';

type PrintState = { state: 'idle' } | { state: 'busy' } | { state: 'saved'; path: string } | { state: 'failed'; message: string };

/** Save a print target as PDF, or send it to a printer (the shell renders the same print route). */
export function PrintButtons({ target, label, testId }: { target: PrintTarget; label?: string; testId?: string }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<PrintState>({ state: 'idle' });
  const run = async (action: 'pdf' | 'send') => {
    setResult({ state: 'busy' });
    try {
      if (action === 'pdf') {
        const saved = await unwrap(window.ikm.print.pdf({ target }));
        setResult(saved ? { state: 'saved', path: saved.path } : { state: 'idle' });
      } else {
        await unwrap(window.ikm.print.send({ target }));
        setResult({ state: 'idle' });
      }
    } catch (error) {
      setResult({ state: 'failed', message: errorMessage(error) });
    }
  };
  return (
    <Stack gap={6} data-testid={testId}>
      <Group gap="xs" wrap="nowrap">
        <Button variant="default" size="sm" leftSection={<IconFileTypePdf size={16} />} loading={result.state === 'busy'} onClick={() => void run('pdf')}>
          {label ?? t('print.pdf')}
        </Button>
        <Button variant="subtle" size="sm" leftSection={<IconPrinter size={16} />} disabled={result.state === 'busy'} onClick={() => void run('send')}>
          {t('print.send')}
        </Button>
      </Group>
      {result.state === 'saved' && (
        <Alert color="green" py={6} withCloseButton onClose={() => setResult({ state: 'idle' })}>
          {t('print.saved')} <Code data-testid="print-file">{result.path}</Code>
        </Alert>
      )}
      {result.state === 'failed' && (
        <Alert color="red" py={6} role="alert" withCloseButton onClose={() => setResult({ state: 'idle' })}>
          {result.message}
        </Alert>
      )}
    </Stack>
  );
}
