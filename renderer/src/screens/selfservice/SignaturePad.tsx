import { Box, Group, Text } from '@mantine/core';
import { useEffect, useRef, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BigButton } from './parts.js';

const HEIGHT = 240;
/** Less ink than this (in CSS pixels of stroke) is a stray touch, not a signature. */
const MIN_INK = 40;

/**
 * An on-screen signature: finger, pen or mouse through pointer events on a <canvas>. Each finished stroke reports
 * the drawing as a PNG data URL, or null while it is empty; "clear" starts again.
 */
export function SignaturePad({ value, onChange }: { value: string | null; onChange(dataUrl: string | null): void }) {
  const { t } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<{ x: number; y: number } | null>(null);
  const ink = useRef(0);
  const initial = useRef(value);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    canvas.width = Math.max(1, Math.round(canvas.clientWidth));
    canvas.height = HEIGHT;
    // Coming back to this step: show the signature already given.
    if (initial.current) {
      const image = new Image();
      image.onload = () => canvas.getContext('2d')?.drawImage(image, 0, 0);
      image.src = initial.current;
      ink.current = MIN_INK;
    }
  }, []);

  const point = (e: PointerEvent<HTMLCanvasElement>) => {
    // offsetX/Y: inside the drawing area, borders excluded.
    const canvas = e.currentTarget;
    const sx = canvas.width / Math.max(1, canvas.clientWidth);
    const sy = canvas.height / Math.max(1, canvas.clientHeight);
    return { x: e.nativeEvent.offsetX * sx, y: e.nativeEvent.offsetY * sy };
  };
  const context = () => {
    const ctx = canvasRef.current?.getContext('2d');
    if (ctx) {
      ctx.lineWidth = 3.5;
      ctx.lineCap = 'round';
      ctx.lineJoin = 'round';
      ctx.strokeStyle = '#111';
    }
    return ctx;
  };

  const down = (e: PointerEvent<HTMLCanvasElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const p = point(e);
    drawing.current = p;
    const ctx = context();
    ctx?.beginPath();
    ctx?.arc(p.x, p.y, 1.5, 0, Math.PI * 2);
    ctx?.stroke();
  };
  const move = (e: PointerEvent<HTMLCanvasElement>) => {
    const from = drawing.current;
    if (!from) return;
    const to = point(e);
    const ctx = context();
    ctx?.beginPath();
    ctx?.moveTo(from.x, from.y);
    ctx?.lineTo(to.x, to.y);
    ctx?.stroke();
    ink.current += Math.hypot(to.x - from.x, to.y - from.y);
    drawing.current = to;
  };
  const up = () => {
    if (!drawing.current) return;
    drawing.current = null;
    const canvas = canvasRef.current;
    onChange(canvas && ink.current >= MIN_INK ? canvas.toDataURL('image/png') : null);
  };
  const clear = () => {
    const canvas = canvasRef.current;
    canvas?.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
    ink.current = 0;
    initial.current = null;
    onChange(null);
  };

  return (
    <Box>
      <Group justify="space-between" mb="xs">
        <Text fz={22} fw={700} c="dark.9">
          {t('selfService.signature.label')}
        </Text>
        <BigButton compact variant="default" onClick={clear} data-testid="selfservice-signature-clear">
          {t('selfService.signature.clear')}
        </BigButton>
      </Group>
      <canvas
        ref={canvasRef}
        onPointerDown={down}
        onPointerMove={move}
        onPointerUp={up}
        onPointerCancel={up}
        aria-label={t('selfService.signature.hint')}
        role="img"
        data-testid="selfservice-signature"
        data-signed={value !== null}
        style={{
          display: 'block',
          width: '100%',
          height: HEIGHT,
          touchAction: 'none',
          background: 'white',
          border: '3px dashed var(--mantine-color-gray-6)',
          borderRadius: 16,
          cursor: 'crosshair',
        }}
      />
      <Text fz={18} c="dark.6" mt={6}>
        {t('selfService.signature.hint')}
      </Text>
    </Box>
  );
}
