/**
 * The kiosk forgets a visitor who walked away: after `idleSeconds` without a touch, key or pointer event a short
 * countdown shows, then `onExpire` wipes the screen. Any activity (or a scan on the kiosk's own devices, via
 * `poke`) starts the wait again.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

/** Tests may shorten the wait: `/kiosk?idle=5`, or this localStorage key. */
export const IDLE_OVERRIDE_PARAM = 'idle';
export const IDLE_OVERRIDE_KEY = 'frontgate.kioskIdleSeconds';
/** The done and goodbye screens clear themselves sooner than a half-filled form. */
export const DONE_SECONDS = 30;
const COUNTDOWN_SECONDS = 10;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'input', 'wheel'] as const;

/** The idle override from the address or storage, if one is set (3 s to 1 h). */
export function idleOverride(search: string, storage: Pick<Storage, 'getItem'> | null): number | null {
  let raw = new URLSearchParams(search).get(IDLE_OVERRIDE_PARAM);
  if (raw === null) {
    try {
      raw = storage?.getItem(IDLE_OVERRIDE_KEY) ?? null;
    } catch {
      raw = null;
    }
  }
  if (raw === null || !/^\d+$/.test(raw.trim())) return null;
  return Math.min(3600, Math.max(3, Number(raw)));
}

/** How long the countdown overlay shows: 10 s, or less when the whole wait is shorter. */
export function countdownSeconds(idleSeconds: number): number {
  return Math.max(1, Math.min(COUNTDOWN_SECONDS, idleSeconds));
}

export interface IdleWipe {
  /** Seconds left before the wipe while the countdown shows, else null. */
  remaining: number | null;
  /** Counts as activity: the visitor scanned something. */
  poke(): void;
}

export function useIdleWipe({ enabled, idleSeconds, onExpire }: { enabled: boolean; idleSeconds: number; onExpire(): void }): IdleWipe {
  const [remaining, setRemaining] = useState<number | null>(null);
  const onExpireRef = useRef(onExpire);
  const armRef = useRef<() => void>(() => undefined);
  useEffect(() => {
    onExpireRef.current = onExpire;
  });

  useEffect(() => {
    if (!enabled) {
      setRemaining(null);
      armRef.current = () => undefined;
      return;
    }
    const countdown = countdownSeconds(idleSeconds);
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    let tick: ReturnType<typeof setInterval> | undefined;
    const clear = () => {
      clearTimeout(idleTimer);
      clearInterval(tick);
    };
    const arm = () => {
      clear();
      setRemaining(null);
      idleTimer = setTimeout(() => {
        let left = countdown;
        setRemaining(left);
        tick = setInterval(() => {
          left -= 1;
          if (left > 0) {
            setRemaining(left);
            return;
          }
          clear();
          setRemaining(null);
          onExpireRef.current();
        }, 1000);
      }, idleSeconds * 1000);
    };
    armRef.current = arm;
    arm();
    const options = { capture: true, passive: true } as const;
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, arm, options);
    return () => {
      clear();
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, arm, options);
    };
  }, [enabled, idleSeconds]);

  const poke = useCallback(() => armRef.current(), []);
  return { remaining, poke };
}
