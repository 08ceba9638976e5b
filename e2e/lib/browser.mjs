// Launches Debian's Chromium through playwright-core. Playwright's own browser builds are never
// downloaded: the browser comes from the system package at /usr/bin/chromium (or CHROMIUM_PATH).

import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Starts Chromium with a fresh profile directory; returns the persistent browser context. */
export async function launchBrowser({ width, height }) {
  const profile = mkdtempSync(join(tmpdir(), "trackchild-chromium-"));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width, height },
    locale: "en-IN",
    timezoneId: "Asia/Kolkata",
  });
}
