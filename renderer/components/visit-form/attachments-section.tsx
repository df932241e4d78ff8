import { useEffect, useEffectEvent, useRef, useState, type DragEvent } from 'react';
import { ActionIcon, Alert, Box, Button, Card, Group, Image, Loader, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { IconFileText, IconPhotoPlus, IconTrash, IconUpload } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { MAX_ATTACHMENT_BYTES, type Attachment, type PhotoSuggestion } from '../../../db/model';
import { useSession } from '../../app/session';
import { errorMessage, unwrap } from '../../lib/api';
import { formatBytes } from '../../lib/format';
import { bytesUrl, fileBytes, makeThumbnail } from '../../lib/visit-attachments';
import { VisitSection } from './fields';
import { PhotoSuggestionPanel } from './photo-suggestion';
import { PhotoViewer } from './photo-viewer';

/** Shows a stored thumbnail as a blob: URL, released when the card goes. */
function Thumbnail({ attachment }: { attachment: Attachment }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!attachment.hasThumbnail) return;
    let created: string | null = null;
    let live = true;
    void unwrap(window.ikm.attachment.read({ id: attachment.id, thumbnail: true })).then((bytes) => {
      if (!live) return;
      created = bytesUrl(bytes, 'image/jpeg');
      setUrl(created);
    });
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [attachment.id, attachment.hasThumbnail]);
  if (!attachment.hasThumbnail) {
    return (
      <Box h={120} style={{ display: 'grid', placeItems: 'center' }}>
        <IconFileText size={40} color="var(--mantine-color-gray-6)" />
      </Box>
    );
  }
  return url ? <Image src={url} h={120} fit="cover" alt={attachment.fileName} /> : <Box h={120} />;
}

/** Photos and documents: file picker or drag-and-drop; EXIF date/GPS offered to the form. */
export function AttachmentsSection({
  visitId,
  siteId,
  readOnly,
  amending = false,
  onChanged,
  onEdited,
  onUseSuggestion,
}: {
  visitId: string;
  /** The visited site: a photo's coordinates are compared with its own. */
  siteId: string;
  readOnly: boolean;
  /** A final visit being amended: each change is written at once, as a revision. */
  amending?: boolean;
  onChanged: (attachments: Attachment[]) => void;
  /** After the officer added or removed a file (a final visit's history has grown). */
  onEdited?: () => void;
  onUseSuggestion: (suggestion: PhotoSuggestion) => void;
}) {
  const { t } = useTranslation();
  const { language } = useSession();
  const inputRef = useRef<HTMLInputElement>(null);
  const [items, setItems] = useState<Attachment[]>([]);
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [suggestion, setSuggestion] = useState<PhotoSuggestion | null>(null);
  const [dragging, setDragging] = useState(false);
  const [viewing, setViewing] = useState<number | null>(null);
  const photos = items.filter((a) => a.kind === 'photo');

  function show(all: Attachment[]) {
    setItems(all.filter((a) => a.kind !== 'signature'));
    onChanged(all);
  }
  const showLoaded = useEffectEvent(show);

  async function reload() {
    show(await unwrap(window.ikm.attachment.list({ visitId })));
  }

  useEffect(() => {
    unwrap(window.ikm.attachment.list({ visitId })).then(
      (all) => showLoaded(all),
      (error: unknown) => setFailure(errorMessage(error)),
    );
  }, [visitId]);

  async function addFiles(files: File[]) {
    setFailure(null);
    for (const file of files) {
      // The size is known without reading: a 1 GB file must be refused before it is loaded.
      const tooBig = file.size > MAX_ATTACHMENT_BYTES;
      if (tooBig || file.size === 0) {
        setFailure(
          tooBig
            ? t('visitForm.fileTooLarge', {
                name: file.name,
                size: formatBytes(file.size, language),
                max: formatBytes(MAX_ATTACHMENT_BYTES, language),
              })
            : t('visitForm.fileEmpty', { name: file.name }),
        );
        continue;
      }
      setBusy(file.name);
      try {
        // Photo or document is the core's call, from the bytes; a file the browser cannot draw has no thumbnail.
        const [bytes, thumbnail] = await Promise.all([fileBytes(file), makeThumbnail(file)]);
        const result = await unwrap(window.ikm.attachment.add({ visitId, kind: 'file', fileName: file.name, bytes, thumbnail }));
        const s = result.suggestion;
        if (s && (s.visitDate || s.latitude !== null)) setSuggestion(s);
      } catch (error) {
        setFailure(errorMessage(error));
      }
    }
    setBusy(null);
    await reload().catch((error: unknown) => setFailure(errorMessage(error)));
    onEdited?.();
  }

  async function remove(id: string) {
    try {
      await unwrap(window.ikm.attachment.remove({ id }));
      await reload();
      onEdited?.();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (readOnly) return;
    void addFiles([...event.dataTransfer.files]);
  };

  return (
    <VisitSection id="lampiran" title={t('visitForm.section.lampiran')} hint={t('visitForm.attachmentsHint')}>
      {amending && (
        <Alert color="orange" py="xs" data-testid="attachments-amend-note">
          {t('signing.attachmentsAmendNote')}
          {/* Only where no signature can be added: a missing one (a refusal's too) may be added in this amendment. */}
          {['respondent', 'officer'].every((role) => items.some((a) => a.kind === 'signature' && a.role === role)) && ` ${t('signing.signaturesLocked')}`}
        </Alert>
      )}
      {!readOnly && (
        <Box
          data-testid="drop-zone"
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
          p="md"
          style={{
            border: `2px dashed var(--mantine-color-${dragging ? 'blue-6' : 'gray-4'})`,
            borderRadius: 8,
            background: dragging ? 'var(--mantine-color-blue-0)' : undefined,
          }}
        >
          <Group justify="center" gap="md">
            {busy ? <Loader size="sm" /> : <IconUpload size={28} color="var(--mantine-color-gray-6)" />}
            <Text size="sm" c="dimmed">
              {busy ? t('visitForm.uploading', { name: busy }) : t('visitForm.dropHere')}
            </Text>
            <Button variant="light" leftSection={<IconPhotoPlus size={18} />} onClick={() => inputRef.current?.click()} disabled={!!busy}>
              {t('visitForm.pickFiles')}
            </Button>
            <input
              ref={inputRef}
              type="file"
              multiple
              accept="image/jpeg,image/png,image/webp,application/pdf"
              hidden
              data-testid="file-input"
              onChange={(e) => {
                const files = [...(e.currentTarget.files ?? [])];
                e.currentTarget.value = '';
                void addFiles(files);
              }}
            />
          </Group>
        </Box>
      )}
      {failure && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setFailure(null)} py="xs">
          {failure}
        </Alert>
      )}
      {suggestion && !readOnly && (
        <PhotoSuggestionPanel suggestion={suggestion} siteId={siteId} onUse={onUseSuggestion} onDismiss={() => setSuggestion(null)} />
      )}
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('visitForm.noAttachments')}
        </Text>
      ) : (
        <SimpleGrid cols={4} spacing="sm">
          {items.map((a) => (
            <Card key={a.id} withBorder padding={0} radius="md" data-testid="attachment-card">
              {a.kind === 'photo' ? (
                <UnstyledButton
                  aria-label={t('visitForm.openPhoto', { name: a.fileName })}
                  onClick={() => setViewing(photos.findIndex((p) => p.id === a.id))}
                  style={{ cursor: 'zoom-in' }}
                >
                  <Thumbnail attachment={a} />
                </UnstyledButton>
              ) : (
                <Thumbnail attachment={a} />
              )}
              <Group justify="space-between" wrap="nowrap" p={6} gap={4}>
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="xs" className="ikm-truncate" title={a.fileName}>
                    {a.fileName}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {formatBytes(a.size, language)}
                  </Text>
                </Stack>
                {!readOnly && (
                  <ActionIcon variant="subtle" color="red" aria-label={t('visitForm.removeAttachment', { name: a.fileName })} onClick={() => void remove(a.id)}>
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
            </Card>
          ))}
        </SimpleGrid>
      )}
      {viewing !== null && photos[viewing] && (
        <PhotoViewer photos={photos} index={viewing} onIndex={setViewing} onClose={() => setViewing(null)} />
      )}
    </VisitSection>
  );
}
