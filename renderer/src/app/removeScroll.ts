/**
 * What Mantine's AppShell header, footer and aside get for `import { RemoveScroll } from 'react-remove-scroll'`
 * (vite.config.ts): they only read `RemoveScroll.classNames.zeroRight`, the class that a scroll lock (a Modal's)
 * offsets by the scrollbar's width. The same class names from react-remove-scroll-bar's constants, so that the staff
 * frame does not load react-remove-scroll and its helpers (12 KB) before the first screen; dialogs still load it.
 * docs/performance.md, "Screens".
 */
import { fullWidthClassName, zeroRightClassName } from 'react-remove-scroll-bar/constants';

export const RemoveScroll = { classNames: { fullWidth: fullWidthClassName, zeroRight: zeroRightClassName } } as const;
