/** Mantine's Tooltip in a chunk of its own, for Hint (it brings floating-ui along). */
export { Tooltip as HintTooltip } from '@mantine/core';
