// A bounded flood of /__manifest for tests/e2e/request-guards.test.ts, in its own process (as an
// attacker would be), so that the measuring test's event loop is not the one flooding.
//   node tests/e2e/manifest-flood.mjs <base url> <version> <concurrency> <max requests> <per loop per second>
// Runs until its stdin closes or it has sent <max requests>; prints {sent, counts} as JSON. Each loop
// sends at most <per loop per second> requests (unpaced, it would measure Node's HTTP throughput on a
// shared 2-core machine rather than the endpoint: one unguarded heavy request costs ~3.5 s of CPU).
const [base, version, concurrency = '8', max = '50000', perSecond = '20'] = process.argv.slice(2)
const interval = 1000 / Number(perSecond)
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
if (!base?.startsWith('http://127.0.0.1:') && !base?.startsWith('http://localhost:')) {
  console.error('loopback only')
  process.exit(2)
}
// the heaviest URL the upstream handler accepts (7.6 kB of one-letter segments, each expanded into
// every prefix) and valid small discovery requests, alternately
const heavy = `${base}/__manifest?p=${encodeURIComponent('/a'.repeat(1850))}&version=${version}`
const light = `${base}/__manifest?p=%2Fme&version=${version}`
let stop = false
let sent = 0
const counts = {}
process.stdin.on('close', () => (stop = true))
process.stdin.on('end', () => (stop = true))
process.stdin.resume()
await Promise.all(
  Array.from({ length: Number(concurrency) }, async (_, k) => {
    while (!stop && sent < Number(max)) {
      const t0 = performance.now()
      sent++
      try {
        const res = await fetch(k % 2 ? heavy : light)
        counts[res.status] = (counts[res.status] ?? 0) + 1
        await res.arrayBuffer()
      } catch {
        counts.error = (counts.error ?? 0) + 1
      }
      await sleep(Math.max(0, interval - (performance.now() - t0)))
    }
  }),
)
process.stdout.write(JSON.stringify({ sent, counts }))
