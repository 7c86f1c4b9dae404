/**
 * Tests that need a Debian tool (socat, mosquitto, libnfc) skip on a developer machine without it, but never in CI:
 * with CI set, a missing tool fails the test instead of hiding behind a skip.
 */
export const skipWithout = (available: boolean): boolean => !available && !process.env.CI;
