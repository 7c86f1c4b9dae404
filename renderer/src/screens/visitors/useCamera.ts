/**
 * The desk webcam for visitor photos (getUserMedia). A station without a camera, a refused permission or a page that
 * is not a secure context ends in `unavailable` with the reason; registering works without a photo.
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import { MAX_PHOTO_BYTES, dataUrlBytes } from './visitHelpers.js';

export type CameraUnavailable = 'none' | 'denied' | 'insecure' | 'failed';
export type CameraState = { kind: 'off' } | { kind: 'starting' } | { kind: 'live' } | { kind: 'unavailable'; reason: CameraUnavailable };

function unavailableReason(error: unknown): CameraUnavailable {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'NotReadableError') return 'none';
  return 'failed';
}

/**
 * A JPEG of the current video frame, at most `maxBytes`: 640 px wide at most, lower quality and then a smaller
 * picture until it fits. Null when the frame cannot be drawn.
 */
export function captureJpeg(video: HTMLVideoElement, maxBytes = MAX_PHOTO_BYTES): string | null {
  if (video.videoWidth === 0 || video.videoHeight === 0) return null;
  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d');
  if (!context) return null;
  for (let width = Math.min(640, video.videoWidth); width >= 160; width = Math.round(width * 0.75)) {
    canvas.width = width;
    canvas.height = Math.round((video.videoHeight * width) / video.videoWidth);
    context.drawImage(video, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.85, 0.7, 0.55, 0.4]) {
      const url = canvas.toDataURL('image/jpeg', quality);
      if (url.startsWith('data:image/jpeg') && dataUrlBytes(url) <= maxBytes) return url;
    }
  }
  return null;
}

export function useCamera(videoRef: RefObject<HTMLVideoElement | null>) {
  const [state, setState] = useState<CameraState>({ kind: 'off' });
  const stream = useRef<MediaStream | null>(null);

  const stop = useCallback(() => {
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
    setState({ kind: 'off' });
  }, [videoRef]);

  const start = useCallback(async () => {
    if (!window.isSecureContext) return setState({ kind: 'unavailable', reason: 'insecure' });
    if (!navigator.mediaDevices?.getUserMedia) return setState({ kind: 'unavailable', reason: 'none' });
    setState({ kind: 'starting' });
    try {
      const media = await navigator.mediaDevices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
      stream.current?.getTracks().forEach((track) => track.stop());
      stream.current = media;
      const video = videoRef.current;
      if (video) {
        video.srcObject = media;
        await video.play().catch(() => undefined);
      }
      setState({ kind: 'live' });
    } catch (error) {
      setState({ kind: 'unavailable', reason: unavailableReason(error) });
    }
  }, [videoRef]);

  const capture = useCallback((): string | null => {
    const video = videoRef.current;
    return video ? captureJpeg(video) : null;
  }, [videoRef]);

  // The camera light goes off when the form closes.
  useEffect(() => () => stream.current?.getTracks().forEach((track) => track.stop()), []);

  return { state, start, stop, capture };
}
