import { useEffect, useState } from 'react';
import { ActionIcon, Box, Center, Group, Image, Loader, Modal, Text } from '@mantine/core';
import { IconChevronLeft, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../db/model';
import { unwrap } from '../../lib/api';
import { bytesUrl } from '../../lib/visit-attachments';

/** The whole photo as a blob: URL, released when another photo is shown or the viewer closes. */
function useFullPhoto(photo: Attachment): string | null {
  const [shown, setShown] = useState<{ id: string; url: string } | null>(null);
  useEffect(() => {
    let created: string | null = null;
    let live = true;
    void unwrap(window.ikm.attachment.read({ id: photo.id })).then((bytes) => {
      if (!live) return;
      created = bytesUrl(bytes, photo.mime);
      setShown({ id: photo.id, url: created });
    });
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [photo.id, photo.mime]);
  return shown?.id === photo.id ? shown.url : null;
}

/**
 * A visit's photos, large: ← and → (or the buttons) go to the previous and next photo, Esc closes.
 */
export function PhotoViewer({
  photos,
  index,
  onIndex,
  onClose,
}: {
  photos: Attachment[];
  index: number;
  onIndex: (index: number) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const photo = photos[index];
  const url = useFullPhoto(photo);
  const step = (by: number) => onIndex((index + by + photos.length) % photos.length);
  const many = photos.length > 1;

  return (
    <Modal
      opened
      onClose={onClose}
      size="min(1200px, 94vw)"
      centered
      title={
        <Text fw={600} className="ikm-truncate">
          {t('visitForm.photoOf', { n: index + 1, total: photos.length, name: photo.fileName })}
        </Text>
      }
      onKeyDown={(event) => {
        if (!many) return;
        if (event.key === 'ArrowRight') step(1);
        else if (event.key === 'ArrowLeft') step(-1);
      }}
    >
      <Group wrap="nowrap" gap="xs" align="center">
        {many && (
          <ActionIcon size="xl" variant="light" aria-label={t('visitForm.photoPrevious')} onClick={() => step(-1)}>
            <IconChevronLeft />
          </ActionIcon>
        )}
        <Box style={{ flex: 1, minWidth: 0 }}>
          {url ? (
            <Image src={url} alt={photo.fileName} fit="contain" mah="calc(100vh - 180px)" data-testid="photo-large" />
          ) : (
            <Center h="60vh">
              <Loader aria-label={t('common.loading')} />
            </Center>
          )}
        </Box>
        {many && (
          <ActionIcon size="xl" variant="light" aria-label={t('visitForm.photoNext')} onClick={() => step(1)}>
            <IconChevronRight />
          </ActionIcon>
        )}
      </Group>
    </Modal>
  );
}
