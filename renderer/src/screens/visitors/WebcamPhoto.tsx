import { Alert, AspectRatio, Box, Button, Center, Group, Image, Loader, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCamera } from './useCamera.js';

/** Webcam photo of the visitor: live preview, take, retake or remove. Without a camera it says so and stays optional. */
export function WebcamPhoto({ value, onChange, error }: { value: string | null; onChange(photo: string | null): void; error?: string | undefined }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const camera = useCamera(video);
  const { start, stop, capture } = camera;
  const [captureFailed, setCaptureFailed] = useState(false);

  // Start the camera when the form opens (a desk takes a photo of nearly every visitor).
  useEffect(() => {
    void start();
  }, [start]);

  const take = () => {
    const photo = capture();
    setCaptureFailed(photo === null);
    if (photo) {
      onChange(photo);
      stop();
    }
  };
  const retake = () => {
    onChange(null);
    void start();
  };

  const state = camera.state;
  return (
    <Stack gap="sm" data-testid="visit-photo" data-state={value ? 'taken' : state.kind}>
      {value ? (
        <Image src={value} alt={t('visits.photo.alt')} radius="md" data-testid="visit-photo-image" />
      ) : (
        <AspectRatio ratio={4 / 3}>
          <Box bg="dark.6" style={{ borderRadius: 'var(--mantine-radius-md)', overflow: 'hidden' }}>
            <video ref={video} muted playsInline style={{ width: '100%', height: '100%', objectFit: 'cover', display: state.kind === 'live' ? 'block' : 'none' }} />
            {state.kind === 'starting' ? (
              <Center h="100%">
                <Loader color="gray.3" />
              </Center>
            ) : null}
            {state.kind === 'off' || state.kind === 'unavailable' ? (
              <Center h="100%" p="md">
                <Text c="gray.3" ta="center">
                  {t('visits.photo.noPhoto')}
                </Text>
              </Center>
            ) : null}
          </Box>
        </AspectRatio>
      )}
      {state.kind === 'unavailable' && !value ? (
        <Alert color="gray" variant="light" data-testid="visit-photo-unavailable" data-reason={state.reason}>
          {t(`visits.photo.unavailable.${state.reason}`)}
        </Alert>
      ) : null}
      {captureFailed ? (
        <Text c="red" size="sm" data-testid="visit-photo-capture-failed">
          {t('visits.photo.captureFailed')}
        </Text>
      ) : null}
      {error ? (
        <Text c="red" size="sm" data-testid="visit-photo-error">
          {error}
        </Text>
      ) : null}
      <Group gap="sm">
        {value ? (
          <>
            <Button variant="default" onClick={retake} data-testid="visit-photo-retake">
              {t('visits.photo.retake')}
            </Button>
            <Button variant="subtle" color="red" onClick={() => onChange(null)} data-testid="visit-photo-remove">
              {t('visits.photo.remove')}
            </Button>
          </>
        ) : state.kind === 'live' ? (
          <Button size="md" onClick={take} data-testid="visit-photo-take">
            {t('visits.photo.take')}
          </Button>
        ) : state.kind === 'unavailable' || state.kind === 'off' ? (
          <Button variant="default" onClick={() => void start()} data-testid="visit-photo-start">
            {state.kind === 'off' ? t('visits.photo.start') : t('visits.photo.tryAgain')}
          </Button>
        ) : null}
      </Group>
    </Stack>
  );
}
