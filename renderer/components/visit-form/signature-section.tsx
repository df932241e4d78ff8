import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Box, Button, Group, Image, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconCheck, IconEraser, IconSignature } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../db/model';
import { errorMessage, unwrap } from '../../lib/api';
import { bytesUrl, fileBytes } from '../../lib/visit-attachments';
import { VisitSection } from './fields';

type Role = 'respondent' | 'officer';
const WIDTH = 440;
const HEIGHT = 160;

/** The stored signature of a role as an image. */
function SavedSignature({ attachment }: { attachment: Attachment }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let created: string | null = null;
    let live = true;
    void unwrap(window.ikm.attachment.read({ id: attachment.id })).then((bytes) => {
      if (!live) return;
      created = bytesUrl(bytes, 'image/png');
      setUrl(created);
    });
    return () => {
      live = false;
      if (created) URL.revokeObjectURL(created);
    };
  }, [attachment.id]);
  return url ? <Image src={url} w={WIDTH / 2} h={HEIGHT / 2} fit="contain" alt={attachment.fileName} /> : <Box h={HEIGHT / 2} />;
}

/** A canvas pad drawn with mouse, pen or finger (pointer events); saved as a PNG attachment. */
function SignaturePad({ visitId, role, label, saved, readOnly, onSaved }: {
  visitId: string;
  role: Role;
  label: string;
  saved: Attachment | null;
  readOnly: boolean;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [drawn, setDrawn] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // A saved signature is shown; the pad opens again only when the officer asks to sign anew.
  const [resign, setResign] = useState(false);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * WIDTH) / rect.width, y: ((e.clientY - rect.top) * HEIGHT) / rect.height };
  };

  function clear() {
    canvasRef.current?.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
    setDrawn(false);
  }

  async function save() {
    const canvas = canvasRef.current;
    if (!canvas) return;
    setSaving(true);
    setFailure(null);
    try {
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error(t('visitForm.signatureFailed'));
      await unwrap(
        window.ikm.attachment.add({ visitId, kind: 'signature', role, fileName: `tanda-tangan-${role}.png`, bytes: await fileBytes(blob) }),
      );
      clear();
      setResign(false);
      onSaved();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <Stack gap={6}>
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        {saved && (
          <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
            {t('visitForm.signatureSaved')}
          </Badge>
        )}
      </Group>
      {saved && <SavedSignature attachment={saved} />}
      {saved && !readOnly && !resign && (
        <Group>
          <Button size="xs" variant="default" leftSection={<IconSignature size={16} />} onClick={() => setResign(true)}>
            {t('visitForm.signatureAgain')}
          </Button>
        </Group>
      )}
      {!readOnly && (!saved || resign) && (
        <>
          <canvas
            ref={canvasRef}
            width={WIDTH}
            height={HEIGHT}
            aria-label={t('visitForm.signaturePad', { label })}
            data-testid={`signature-${role}`}
            style={{ width: '100%', maxWidth: WIDTH, aspectRatio: `${WIDTH} / ${HEIGHT}`, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 6, touchAction: 'none', background: 'white', cursor: 'crosshair' }}
            onPointerDown={(e) => {
              e.currentTarget.setPointerCapture(e.pointerId);
              last.current = point(e);
            }}
            onPointerMove={(e) => {
              if (!last.current) return;
              const ctx = e.currentTarget.getContext('2d')!;
              const next = point(e);
              ctx.strokeStyle = '#1a1b1e';
              ctx.lineWidth = e.pointerType === 'pen' ? 1.5 + e.pressure * 2 : 2.2;
              ctx.lineCap = 'round';
              ctx.beginPath();
              ctx.moveTo(last.current.x, last.current.y);
              ctx.lineTo(next.x, next.y);
              ctx.stroke();
              last.current = next;
              setDrawn(true);
            }}
            onPointerUp={() => (last.current = null)}
            onPointerCancel={() => (last.current = null)}
          />
          <Group gap="xs">
            <Button size="xs" variant="default" leftSection={<IconEraser size={16} />} onClick={clear} disabled={!drawn}>
              {t('visitForm.signatureClear')}
            </Button>
            <Button size="xs" leftSection={<IconSignature size={16} />} onClick={() => void save()} disabled={!drawn} loading={saving}>
              {t('visitForm.signatureSave', { label })}
            </Button>
          </Group>
        </>
      )}
      {failure && (
        <Alert color="red" role="alert" py="xs">
          {failure}
        </Alert>
      )}
    </Stack>
  );
}

/** The respondent's and the officer's signatures. */
export function SignatureSection({ visitId, readOnly, attachments, onSaved }: {
  visitId: string;
  readOnly: boolean;
  attachments: Attachment[];
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const of = (role: Role) => attachments.find((a) => a.kind === 'signature' && a.role === role) ?? null;
  return (
    <VisitSection id="tanda-tangan" title={t('visitForm.section.tanda-tangan')}>
      <SimpleGrid cols={2} spacing="lg">
        <SignaturePad visitId={visitId} role="respondent" label={t('visitForm.signatureRespondent')} saved={of('respondent')} readOnly={readOnly} onSaved={onSaved} />
        <SignaturePad visitId={visitId} role="officer" label={t('visitForm.signatureOfficer')} saved={of('officer')} readOnly={readOnly} onSaved={onSaved} />
      </SimpleGrid>
    </VisitSection>
  );
}
