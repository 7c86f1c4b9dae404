import { Image } from '@mantine/core';
import { useMemo } from 'react';
import { svgDataUrl } from './visitText.js';

/** The gateway's QR code, shown only as an image (data: URL), never inserted as markup. */
export function QrImage({ svg, alt, size }: { svg: string; alt: string; size: number }) {
  const src = useMemo(() => svgDataUrl(svg), [svg]);
  return <Image src={src} alt={alt} w={size} h={size} fit="contain" style={{ imageRendering: 'pixelated' }} data-testid="invitation-qr" />;
}
