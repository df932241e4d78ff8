import { useEffect, useState } from 'react';
import { Alert, Button, FileButton, Group, Image, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Letterhead } from '../../../db/model';
import { errorMessage, unwrap } from '../../lib/api';
import { useLeaveGuard } from '../leave-guard';

const MAX_LOGO_BYTES = 300 * 1024;

/** Kop surat: what every printed form carries at the top, kept in the settings. */
export function LetterheadEditor() {
  const { t } = useTranslation();
  const [value, setValue] = useState<Letterhead | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // What is stored: leaving with other values typed asks first.
  const [stored, setStored] = useState<Letterhead | null>(null);
  const guard = useLeaveGuard(() => value !== null && JSON.stringify(value) !== JSON.stringify(stored));

  useEffect(() => {
    void unwrap(window.ikm.letterhead.get()).then(
      (v) => {
        setValue(v);
        setStored(v);
      },
      (e: unknown) => setMessage({ ok: false, text: errorMessage(e) }),
    );
  }, []);
  if (!value) return null;
  const set = <K extends keyof Letterhead>(key: K, v: Letterhead[K]) => setValue({ ...value, [key]: v });

  const pickLogo = async (file: File | null) => {
    if (!file) return;
    if (file.size > MAX_LOGO_BYTES || !/^image\/(png|jpeg)$/.test(file.type)) {
      setMessage({ ok: false, text: t('letterhead.logoRule') });
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    set('logo', `data:${file.type};base64,${btoa(binary)}`);
  };

  const save = async () => {
    try {
      const saved = await unwrap(window.ikm.letterhead.save(value));
      setValue(saved);
      setStored(saved);
      setMessage({ ok: true, text: t('letterhead.saved') });
    } catch (e) {
      setMessage({ ok: false, text: errorMessage(e) });
    }
  };

  return (
    <Stack gap="sm">
      <SimpleGrid cols={2} spacing="sm">
        <TextInput label={t('letterhead.government')} value={value.government} onChange={(e) => set('government', e.currentTarget.value)} />
        <TextInput label={t('letterhead.office')} value={value.office} onChange={(e) => set('office', e.currentTarget.value)} />
        <TextInput label={t('letterhead.address')} value={value.address ?? ''} onChange={(e) => set('address', e.currentTarget.value)} />
        <TextInput label={t('letterhead.contact')} value={value.contact ?? ''} onChange={(e) => set('contact', e.currentTarget.value)} />
        <TextInput
          label={t('letterhead.place')}
          description={t('letterhead.placeHint')}
          value={value.place}
          onChange={(e) => set('place', e.currentTarget.value)}
        />
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('letterhead.logo')}
          </Text>
          <Group gap="sm">
            {value.logo && <Image src={value.logo} alt={t('letterhead.logo')} h={48} w={48} fit="contain" />}
            <FileButton onChange={(f) => void pickLogo(f)} accept="image/png,image/jpeg">
              {(props) => (
                <Button variant="default" size="xs" {...props}>
                  {t('letterhead.chooseLogo')}
                </Button>
              )}
            </FileButton>
            {value.logo && (
              <Button variant="subtle" size="xs" color="red" onClick={() => set('logo', null)}>
                {t('letterhead.removeLogo')}
              </Button>
            )}
          </Group>
        </Stack>
      </SimpleGrid>
      <Group>
        <Button onClick={() => void save()}>{t('letterhead.save')}</Button>
      </Group>
      {message && (
        <Alert color={message.ok ? 'green' : 'red'} py={6} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </Alert>
      )}
      {guard.dialog}
    </Stack>
  );
}
