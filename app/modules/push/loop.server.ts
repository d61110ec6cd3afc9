import { getDb } from '../../db.server'
import { deliverDuePushes } from './push.server'
import { pushIntervalMs } from './rules'
import { env, type Env } from '../../env.server'

// The outbox's delivery loop, started once per process by entry.server.tsx, so it runs inside the
// Remix build with no extra wiring in app/server.mjs. Several processes may each run one: the claim
// (for update skip locked) keeps them from sending the same row at once.

declare global {
  // on globalThis so a dev-server rebuild, which re-imports this module, does not start a second loop
  var __aztPushLoop: ReturnType<typeof setInterval> | undefined
  // the round in progress, so that a graceful shutdown waits for it
  var __aztPushRound: Promise<void> | undefined
}

export function startPushLoop(e: Env = env()): void {
  if (globalThis.__aztPushLoop) return
  // tests drive deliverDuePushes themselves, with their own clock and fetch
  if (e.NODE_ENV === 'test' || e.VITEST) return
  const interval = pushIntervalMs(e.PUSH_INTERVAL_MS?.toString())
  if (interval === 0) return
  let running = false
  const tick = async () => {
    // a round slower than the period is not overlapped by the next one
    if (running) return
    running = true
    try {
      const summary = await deliverDuePushes(await getDb())
      if (summary.claimed > 0) {
        console.log(`省级平台推送：本轮 ${summary.claimed} 条，送达 ${summary.delivered}，待重试 ${summary.retrying}，死信 ${summary.dead}`)
      }
    } catch (error) {
      // logged and tried again next round; the server goes on serving. Errors carry no token: it is only ever in a header.
      console.error('省级平台推送本轮失败：', error instanceof Error ? error.message : error)
    } finally {
      running = false
    }
  }
  const timer = setInterval(() => {
    globalThis.__aztPushRound = tick()
  }, interval)
  // the loop alone never keeps the process alive (a clean shutdown is not held up by it)
  timer.unref()
  globalThis.__aztPushLoop = timer
}

/** Graceful shutdown: no new round starts; the one in progress (if any) is waited for. */
export async function stopPushLoop(): Promise<void> {
  if (globalThis.__aztPushLoop) clearInterval(globalThis.__aztPushLoop)
  globalThis.__aztPushLoop = undefined
  await globalThis.__aztPushRound?.catch(() => {})
}
