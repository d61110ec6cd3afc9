import { chromium, type Browser } from 'playwright-core'

// Debian's chromium (apt), driven by playwright-core: no bundled browser download.
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
]

export function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  // A suite run under libfaketime (to prove no test reads today's date) must not preload it into
  // Chromium, which hangs under it; the browser keeps the real clock, the server the tests' clock.
  const { LD_PRELOAD: _preload, FAKETIME: _faketime, ...env } = process.env
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    env,
  })
}
