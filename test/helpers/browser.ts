// Headless Chromium through playwright-core, using Debian's chromium package. Where it is
// missing the browser tests skip saying why, except in CI (CI=true), where that is a failure.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { repoPath } from './corpus.js';

export const CHROMIUM = process.env.LKB_CHROMIUM ?? '/usr/bin/chromium';
const present = fs.existsSync(CHROMIUM);
if (!present && process.env.CI) throw new Error(`${CHROMIUM} not found: CI must install Debian's chromium (.ci/run does)`);

/** node:test option: skip with the reason when there is no browser. */
export const needsBrowser = present ? {} : { skip: `no browser at ${CHROMIUM} (apt-get install -y chromium)` };

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
}

/** Screenshots are test artifacts (not committed): test-artifacts/screenshots/NAME.png. */
export function screenshotPath(name: string): string {
  const dir = repoPath('test-artifacts/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${name}.png`);
}
