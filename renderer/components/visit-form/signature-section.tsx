import { useEffect, useId, useRef, useState } from 'react';
import { Alert, Badge, Box, Button, Checkbox, Group, Image, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { IconCheck, IconEraser, IconKeyboard, IconScribble, IconSignature } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Attachment } from '../../../db/model';
import { useSession } from '../../app/session';
import { errorMessage, unwrap } from '../../lib/api';
import { bytesUrl, fileBytes } from '../../lib/visit-attachments';
import { getPath } from '../../lib/visit-form-values';
import { TextField, useVisitForm, VisitSection } from './fields';

type Role = 'respondent' | 'officer';

/** A signature drawn or typed while amending: kept on the page until the amendment is saved (or Batal). */
export interface CapturedSignature {
  role: Role;
  signatureMethod: 'drawn' | 'typed';
  bytes: Uint8Array<ArrayBuffer>;
  url: string;
}

/** A pad's save, registered while it holds a drawing (or a typed name) not saved yet; null when it holds none. */
export type RegisterUnsaved = (role: Role, save: (() => Promise<void>) | null) => void;
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

type Mode = 'draw' | 'type';

// Handwriting faces found on Windows, macOS and Linux (URW's Z003); serif italic when none is there.
const SCRIPT_FONTS = '"Segoe Script", "Lucida Handwriting", "Apple Chancery", "URW Chancery L", "Z003", cursive, serif';
const INK = '#1a1b1e';

/** "2026-11-20" → "20 November 2026": the signature is part of an Indonesian record, so always id-ID. */
function signatureDate(isoDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  const day = match ? new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : new Date();
  return new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric' }).format(day);
}

/** A typed name drawn as a signature: italic script, a thin line under it and the date. */
function drawTypedSignature(ctx: CanvasRenderingContext2D, name: string, date: string) {
  ctx.clearRect(0, 0, WIDTH, HEIGHT);
  const text = name.trim();
  if (!text) return;
  const maxWidth = WIDTH - 48;
  let size = 46;
  ctx.font = `italic ${size}px ${SCRIPT_FONTS}`;
  // Long names shrink to fit rather than being squeezed by fillText's maxWidth.
  while (size > 18 && ctx.measureText(text).width > maxWidth) {
    size -= 2;
    ctx.font = `italic ${size}px ${SCRIPT_FONTS}`;
  }
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillStyle = INK;
  ctx.fillText(text, WIDTH / 2, 102, maxWidth);
  ctx.strokeStyle = '#868e96';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(24, 118.5);
  ctx.lineTo(WIDTH - 24, 118.5);
  ctx.stroke();
  ctx.font = '13px system-ui, sans-serif';
  ctx.fillStyle = '#495057';
  ctx.fillText(date, WIDTH / 2, 140);
}

/**
 * A canvas pad drawn with mouse, pen or finger (pointer events), or filled from a typed name for
 * whoever cannot draw (keyboard only, a stiff touchpad); either way saved as the same PNG attachment.
 */
function SignaturePad({ visitId, role, label, nameLabel, defaultName, date, saved, readOnly, onSaved, captured, onCapture, registerUnsaved }: {
  visitId: string;
  role: Role;
  label: string;
  nameLabel: string;
  /** Pre-fills the typed name until the officer edits it. */
  defaultName: string;
  /** Written under the typed name. */
  date: string;
  saved: Attachment | null;
  readOnly: boolean;
  onSaved: () => void;
  /** Amending: the signature captured for the amendment, shown until it is saved with it. */
  captured: CapturedSignature | null;
  /** Amending: "Simpan tanda tangan" hands the signature to the amendment instead of saving it now. */
  onCapture?: (signature: CapturedSignature) => void;
  registerUnsaved: RegisterUnsaved;
}) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  // Strokes set aside while the typed name is on the pad, so a look at "Ketik nama" loses no drawing.
  const strokes = useRef<ImageData | null>(null);
  const focusName = useRef(false);
  const [mode, setMode] = useState<Mode>('draw');
  const [drawn, setDrawn] = useState(false);
  // null: not edited yet, so it follows the form (the respondent's name may be typed later).
  const [typedName, setTypedName] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  // A saved signature is shown; the pad opens again only when the officer asks to sign anew.
  const [resign, setResign] = useState(false);
  const baseId = useId();
  const labelId = `${baseId}-label`;
  const hintId = `${baseId}-hint`;

  const open = !readOnly && !captured && (!saved || resign);
  const name = typedName ?? defaultName;
  const ready = mode === 'draw' ? drawn : name.trim().length > 0;

  useEffect(() => {
    if (!open || mode !== 'type') return;
    const ctx = canvasRef.current?.getContext('2d');
    if (ctx) drawTypedSignature(ctx, name, date);
    if (focusName.current) {
      focusName.current = false;
      nameRef.current?.focus();
    }
  }, [open, mode, name, date]);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * WIDTH) / rect.width, y: ((e.clientY - rect.top) * HEIGHT) / rect.height };
  };

  function switchTo(next: Mode) {
    if (next === mode) return;
    const ctx = canvasRef.current?.getContext('2d');
    if (next === 'type') {
      strokes.current = drawn && ctx ? ctx.getImageData(0, 0, WIDTH, HEIGHT) : null;
      focusName.current = true;
    } else if (ctx) {
      ctx.clearRect(0, 0, WIDTH, HEIGHT);
      if (strokes.current) ctx.putImageData(strokes.current, 0, 0);
      strokes.current = null;
    }
    setMode(next);
  }

  function clear() {
    if (mode === 'type') {
      setTypedName('');
      nameRef.current?.focus();
      return;
    }
    canvasRef.current?.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
    setDrawn(false);
  }

  async function save() {
    const canvas = canvasRef.current;
    if (!canvas || !ready) return;
    setSaving(true);
    setFailure(null);
    try {
      const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error(t('visitForm.signatureFailed'));
      // A typed name is recorded as typed: paper says so instead of printing it as a signature.
      const signatureMethod = mode === 'type' ? 'typed' : 'drawn';
      if (onCapture) {
        onCapture({ role, signatureMethod, bytes: await fileBytes(blob), url: URL.createObjectURL(blob) });
      } else {
        await unwrap(
          window.ikm.attachment.add({ visitId, kind: 'signature', role, signatureMethod, fileName: `tanda-tangan-${role}.png`, bytes: await fileBytes(blob) }),
        );
      }
      canvas.getContext('2d')?.clearRect(0, 0, WIDTH, HEIGHT);
      strokes.current = null;
      setDrawn(false);
      setTypedName(null);
      setResign(false);
      onSaved();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setSaving(false);
    }
  }

  // A drawing (or typed name) on the pad not saved yet: finalize or the amendment saves it first.
  const saveRef = useRef(save);
  useEffect(() => {
    saveRef.current = save;
  });
  const unsaved = open && ready && !saving;
  useEffect(() => {
    registerUnsaved(role, unsaved ? () => saveRef.current() : null);
    return () => registerUnsaved(role, null);
  }, [registerUnsaved, role, unsaved]);

  return (
    <Stack gap={6} role="group" aria-labelledby={labelId}>
      <Group justify="space-between">
        <Text size="sm" fw={500} id={labelId}>
          {label}
        </Text>
        {saved && (
          <Badge color="teal" variant="light" leftSection={<IconCheck size={12} />}>
            {t('visitForm.signatureSaved')}
          </Badge>
        )}
        {saved?.signatureMethod === 'typed' && (
          <Badge color="gray" variant="light" leftSection={<IconKeyboard size={12} />}>
            {t('signing.typedBadge')}
          </Badge>
        )}
        {captured && (
          <Badge color="orange" variant="light" data-testid={`signature-captured-${role}`}>
            {t('signing.withAmendment')}
          </Badge>
        )}
      </Group>
      {saved && <SavedSignature attachment={saved} />}
      {captured && <Image src={captured.url} w={WIDTH / 2} h={HEIGHT / 2} fit="contain" alt={label} />}
      {unsaved && (
        <Text size="xs" c="orange.8" data-testid={`signature-unsaved-${role}`}>
          {t(onCapture ? 'signing.unsavedAmend' : 'signing.unsaved')}
        </Text>
      )}
      {saved && !readOnly && !resign && (
        <Group>
          <Button size="xs" variant="default" leftSection={<IconSignature size={16} />} onClick={() => setResign(true)}>
            {t('visitForm.signatureAgain')}
          </Button>
        </Group>
      )}
      {open && (
        <>
          <Group gap={4} role="group" aria-label={t('visitForm.signatureModes', { label })}>
            <Button
              size="compact-sm"
              variant={mode === 'draw' ? 'light' : 'subtle'}
              color={mode === 'draw' ? undefined : 'gray'}
              leftSection={<IconScribble size={16} />}
              aria-pressed={mode === 'draw'}
              onClick={() => switchTo('draw')}
            >
              {t('visitForm.signatureModeDraw')}
            </Button>
            <Button
              size="compact-sm"
              variant={mode === 'type' ? 'light' : 'subtle'}
              color={mode === 'type' ? undefined : 'gray'}
              leftSection={<IconKeyboard size={16} />}
              aria-pressed={mode === 'type'}
              onClick={() => switchTo('type')}
            >
              {t('visitForm.signatureModeType')}
            </Button>
          </Group>
          {mode === 'type' && (
            <TextInput
              ref={nameRef}
              size="sm"
              label={nameLabel}
              value={name}
              maxLength={120}
              onChange={(e) => setTypedName(e.currentTarget.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  void save();
                }
              }}
            />
          )}
          <canvas
            ref={canvasRef}
            width={WIDTH}
            height={HEIGHT}
            role="img"
            aria-label={t('visitForm.signaturePad', { label })}
            aria-describedby={hintId}
            data-testid={`signature-${role}`}
            data-mode={mode}
            style={{ width: '100%', maxWidth: WIDTH, aspectRatio: `${WIDTH} / ${HEIGHT}`, border: '1px solid var(--mantine-color-gray-4)', borderRadius: 6, touchAction: 'none', background: 'white', cursor: mode === 'draw' ? 'crosshair' : 'default' }}
            onPointerDown={(e) => {
              if (mode !== 'draw') return;
              e.currentTarget.setPointerCapture(e.pointerId);
              last.current = point(e);
            }}
            onPointerMove={(e) => {
              if (!last.current) return;
              const ctx = e.currentTarget.getContext('2d')!;
              const next = point(e);
              ctx.strokeStyle = INK;
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
          <Text size="xs" c="dimmed" id={hintId}>
            {t(mode === 'draw' ? 'visitForm.signatureDrawHint' : 'visitForm.signatureTypeHint')}
          </Text>
          <Group gap="xs">
            <Button size="xs" variant="default" leftSection={<IconEraser size={16} />} onClick={clear} disabled={!ready}>
              {t('visitForm.signatureClear')}
            </Button>
            <Button size="xs" leftSection={<IconSignature size={16} />} onClick={() => void save()} disabled={!ready} loading={saving}>
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
export function SignatureSection({ visitId, readOnly, amending = false, attachments, onSaved, captured = [], onCapture, registerUnsaved }: {
  visitId: string;
  readOnly: boolean;
  /** A final visit being amended: a signature that is missing may be added now, with the amendment. */
  amending?: boolean;
  attachments: Attachment[];
  onSaved: () => void;
  captured?: CapturedSignature[];
  onCapture?: (signature: CapturedSignature) => void;
  registerUnsaved: RegisterUnsaved;
}) {
  const { t } = useTranslation();
  const { values, set } = useVisitForm();
  const { setup } = useSession();
  const of = (role: Role) => attachments.find((a) => a.kind === 'signature' && a.role === role) ?? null;
  const respondentName = getPath(values, 'respondent.name');
  const visitDate = getPath(values, 'visitDate');
  const date = signatureDate(typeof visitDate === 'string' ? visitDate : '');
  const refusal = typeof values.signatureRefusal === 'string' ? values.signatureRefusal : '';
  const [refusing, setRefusing] = useState(refusal !== '');
  // A signature already given stays as signed; a missing one may be added while amending.
  const locked = (role: Role) => readOnly && !(amending && !of(role));
  const pad = (role: Role) => (
    <SignaturePad
      visitId={visitId}
      role={role}
      label={t(role === 'respondent' ? 'visitForm.signatureRespondent' : 'visitForm.signatureOfficer')}
      nameLabel={t(role === 'respondent' ? 'visitForm.signatureNameRespondent' : 'visitForm.signatureNameOfficer')}
      defaultName={role === 'respondent' ? (typeof respondentName === 'string' ? respondentName : '') : setup.officer.name}
      date={date}
      saved={of(role)}
      readOnly={locked(role)}
      onSaved={onSaved}
      captured={captured.find((c) => c.role === role) ?? null}
      onCapture={
        amending && onCapture
          ? (signature) => {
              // A respondent who refused and signs now: the refusal goes, in the same amendment.
              if (role === 'respondent') {
                set('signatureRefusal', '');
                setRefusing(false);
              }
              onCapture(signature);
            }
          : undefined
      }
      registerUnsaved={registerUnsaved}
    />
  );
  const missing = (role: Role) =>
    locked(role) && !of(role) && !(role === 'respondent' && refusal) ? (
      <Text size="sm" c="dimmed" data-testid={`signature-missing-${role}`}>
        {t('visitForm.signatureMissing')}
      </Text>
    ) : null;
  return (
    <VisitSection id="tanda-tangan" title={t('visitForm.section.tanda-tangan')}>
      <SimpleGrid cols={2} spacing="lg">
        <Stack gap="xs">
          {/* A respondent who refused may still sign later, by an amendment. */}
          {(amending || !(refusing && !of('respondent'))) && pad('respondent')}
          {missing('respondent')}
          {!of('respondent') && !readOnly && (
            <Checkbox
              label={t('visitForm.signatureRefused')}
              checked={refusing}
              onChange={(e) => {
                const on = e.currentTarget.checked;
                setRefusing(on);
                if (!on) set('signatureRefusal', '');
              }}
            />
          )}
          {!of('respondent') && (refusing || refusal) && (
            <TextField path="signatureRefusal" label={t('visitForm.signatureRefusalReason')} required />
          )}
        </Stack>
        <Stack gap="xs">
          {pad('officer')}
          {missing('officer')}
        </Stack>
      </SimpleGrid>
    </VisitSection>
  );
}
