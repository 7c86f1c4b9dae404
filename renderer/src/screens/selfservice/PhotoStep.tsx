import { AspectRatio, Box, Center, Group, Image, Loader, Paper, Stack } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Locale } from '../../contract.js';
import { BigButton, KioskText, StepFooter, StepFrame } from './parts.js';
import type { StepError } from './state.js';

/** The photo goes to the gateway as a JPEG data URL; it accepts up to 400 kB. */
const PHOTO_WIDTH = 480;
const MAX_PHOTO_CHARS = 400_000;
/** A camera that neither starts nor fails (a permission prompt nobody answers) is treated as absent. */
const CAMERA_START_LIMIT_MS = 10_000;

type Camera = { state: 'off' } | { state: 'starting' } | { state: 'live' } | { state: 'unavailable' };

/** Draws the current video frame as a JPEG small enough for the gateway. */
export function captureFrame(video: HTMLVideoElement): string | null {
  const width = Math.min(PHOTO_WIDTH, video.videoWidth || PHOTO_WIDTH);
  const height = Math.round((width * (video.videoHeight || 360)) / (video.videoWidth || PHOTO_WIDTH));
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, width, height);
  for (const quality of [0.85, 0.7, 0.5, 0.35]) {
    const url = canvas.toDataURL('image/jpeg', quality);
    if (url.length <= MAX_PHOTO_CHARS && url.startsWith('data:image/jpeg')) return url;
  }
  return null;
}

interface Props {
  photo: string | null;
  submitting: boolean;
  error: StepError | null;
  onPhoto(photo: string | null): void;
  onSubmit(): void;
  onBack(): void;
  onStartOver(): void;
  onLanguage(locale: Locale): void;
}

/**
 * Step 5: an optional photo from the webcam (getUserMedia). A kiosk without a camera, or a denied permission,
 * says so and lets the visitor finish without one. The camera is switched off as soon as it is not needed.
 */
export function PhotoStep({ photo, submitting, error, onPhoto, onSubmit, onBack, onStartOver, onLanguage }: Props) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [camera, setCamera] = useState<Camera>({ state: 'off' });
  const hadPhoto = useRef(photo !== null);

  const stop = useCallback(() => {
    for (const track of streamRef.current?.getTracks() ?? []) track.stop();
    streamRef.current = null;
  }, []);

  /** Cancels a camera start still under way (its stream, if it arrives later, is stopped at once). */
  const pending = useRef<() => void>(() => undefined);

  const start = useCallback(() => {
    pending.current();
    const media = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!media?.getUserMedia) {
      setCamera({ state: 'unavailable' });
      return;
    }
    let live = true;
    setCamera({ state: 'starting' });
    const limit = setTimeout(() => {
      live = false;
      setCamera({ state: 'unavailable' });
    }, CAMERA_START_LIMIT_MS);
    pending.current = () => {
      live = false;
      clearTimeout(limit);
    };
    media.getUserMedia({ video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: 'user' }, audio: false }).then(
      (stream) => {
        clearTimeout(limit);
        if (!live) {
          for (const track of stream.getTracks()) track.stop();
          return;
        }
        streamRef.current = stream;
        setCamera({ state: 'live' });
      },
      () => {
        clearTimeout(limit);
        if (live) setCamera({ state: 'unavailable' });
      },
    );
  }, []);

  // Open the camera when there is no photo yet; always close it when leaving the step.
  useEffect(() => {
    if (!hadPhoto.current) start();
    return () => {
      pending.current();
      stop();
    };
  }, [start, stop]);

  useEffect(() => {
    const video = videoRef.current;
    if (camera.state === 'live' && video && streamRef.current) {
      video.srcObject = streamRef.current;
      void video.play().catch(() => undefined);
    }
  }, [camera.state]);

  const take = () => {
    const video = videoRef.current;
    const shot = video ? captureFrame(video) : null;
    if (!shot) return;
    onPhoto(shot);
    stop();
    setCamera({ state: 'off' });
  };
  const retake = () => {
    onPhoto(null);
    start();
  };

  return (
    <StepFrame
      step="photo"
      title={t('selfService.photo.title')}
      onLanguage={onLanguage}
      error={error}
      testId="selfservice-photo"
      footer={
        <StepFooter
          onBack={submitting ? undefined : onBack}
          onStartOver={onStartOver}
          next={
            <BigButton onClick={onSubmit} loading={submitting} color="teal.8" data-testid="selfservice-submit">
              {photo ? t('selfService.photo.submit') : t('selfService.photo.submitNoPhoto')}
            </BigButton>
          }
        />
      }
    >
      <KioskText>{t('selfService.photo.intro')}</KioskText>
      <Paper withBorder radius="lg" p="lg" bg="white">
        <Stack align="center" gap="lg">
          <Box w="100%" maw={560}>
            <AspectRatio ratio={4 / 3}>
              {photo ? (
                <Image src={photo} alt={t('selfService.photo.taken')} radius="md" data-testid="selfservice-photo-preview" />
              ) : camera.state === 'live' ? (
                <video ref={videoRef} muted playsInline style={{ width: '100%', height: '100%', objectFit: 'cover', borderRadius: 8, transform: 'scaleX(-1)', background: '#000' }} data-testid="selfservice-camera" />
              ) : (
                <Center bg="gray.1" style={{ borderRadius: 8 }}>
                  {camera.state === 'starting' ? (
                    <Stack align="center">
                      <Loader />
                      <KioskText dimmed>{t('selfService.photo.starting')}</KioskText>
                    </Stack>
                  ) : camera.state === 'unavailable' ? (
                    <Box p="lg">
                      <KioskText testId="selfservice-camera-unavailable">{t('selfService.photo.unavailable')}</KioskText>
                    </Box>
                  ) : null}
                </Center>
              )}
            </AspectRatio>
          </Box>
          <Group justify="center">
            {camera.state === 'off' && !photo ? (
              <BigButton onClick={() => start()} color="teal.8" variant="outline" data-testid="selfservice-photo-start">
                {t('selfService.photo.take')}
              </BigButton>
            ) : null}
            {camera.state === 'live' && !photo ? (
              <BigButton onClick={take} color="teal.8" data-testid="selfservice-photo-take">
                {t('selfService.photo.take')}
              </BigButton>
            ) : null}
            {photo ? (
              <>
                <BigButton variant="default" onClick={retake} disabled={submitting} data-testid="selfservice-photo-retake">
                  {t('selfService.photo.retake')}
                </BigButton>
                <BigButton
                  variant="default"
                  onClick={() => {
                    onPhoto(null);
                    setCamera({ state: 'off' });
                  }}
                  disabled={submitting}
                  data-testid="selfservice-photo-remove"
                >
                  {t('selfService.photo.remove')}
                </BigButton>
              </>
            ) : null}
          </Group>
        </Stack>
      </Paper>
    </StepFrame>
  );
}
