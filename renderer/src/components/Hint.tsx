/**
 * A tooltip that costs nothing until someone points at its element. The element renders at once; Mantine's Tooltip,
 * with floating-ui (≈ 20 KB gzip, loaded by no screen's first paint otherwise), loads when the pointer first enters
 * it and then attaches to that same element (Tooltip's `target`), so the element is never re-mounted and a click on
 * it is never lost. For the small hints in every header (connection and sync lights, language buttons).
 */
import type { TooltipProps } from '@mantine/core';
import { cloneElement, lazy, Suspense, useRef, useState, type PointerEvent, type ReactElement, type Ref } from 'react';

const HintTooltip = lazy(async () => ({ default: (await import('./HintTooltip.js')).HintTooltip }));

interface Target {
  ref?: Ref<HTMLElement>;
  onPointerEnter?: (event: PointerEvent<HTMLElement>) => void;
}

type HintProps = Omit<TooltipProps, 'children' | 'target'> & { children: ReactElement<Target> };

export function Hint({ children, ...tooltip }: HintProps) {
  const target = useRef<HTMLElement>(null);
  const [wanted, setWanted] = useState(false);
  const { onPointerEnter } = children.props;
  return (
    <>
      {cloneElement(children, {
        ref: target,
        onPointerEnter: (event: PointerEvent<HTMLElement>) => {
          onPointerEnter?.(event);
          setWanted(true);
        },
      })}
      {wanted ? (
        <Suspense fallback={null}>
          <HintTooltip {...tooltip} target={target} />
        </Suspense>
      ) : null}
    </>
  );
}
