/**
 * Debian's Chromium for the browser tests (playwright-core drives it; no browser download). `.ci/run` installs it
 * through apt when it is missing.
 */
export const CHROMIUM = process.env.TIKA_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
