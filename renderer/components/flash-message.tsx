import { useEffect, useState } from 'react';
import { Alert } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { clearFlash, peekFlash } from '../lib/flash';

/** The one-time confirmation another screen left for this one ("Draf dihapus"), if any. */
export function FlashMessage({ flashKey }: { flashKey: string }) {
  const [message, setMessage] = useState(() => peekFlash(flashKey));
  useEffect(() => clearFlash(flashKey), [flashKey]);
  if (!message) return null;
  return (
    <Alert color="teal" icon={<IconCheck size={18} />} withCloseButton onClose={() => setMessage(null)} role="status" py="xs" data-testid="flash">
      {message}
    </Alert>
  );
}
