// A trivial route: load balancers' health check, and the floor the benchmark compares against.
export function loader() {
  return new Response('ok', { headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
}
