import os from 'node:os'
import QRCode from 'qrcode'

/** An SVG QR code for printing (error correction M survives a creased, stained notice). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, width: 132 })
}

/** The settings publicAddress reads (process.env in the app). */
export type AddressSettings = Record<string, string | undefined>

export interface PublicAddress {
  /** scheme, host and port, no trailing slash: http://192.168.1.20:3000 */
  url: string
  source: 'PUBLIC_URL' | 'listen'
  /** why PUBLIC_URL was not used, for the platform admin */
  problem: string | null
}

/**
 * The address a phone opens for every QR code and printed link. PUBLIC_URL when it is set (the
 * address people reach the portal at, e.g. https://azt.example.cn); else the server's own listen
 * address (HOST and PORT, the machine's first LAN address when it listens on every interface). Never
 * the request's Host header: a notice printed from the server machine itself would otherwise encode
 * http://localhost:3000, which no phone can open. The settings are read here only (until the app
 * reads its environment in one place, this is that place for them).
 */
export function publicAddress(env: AddressSettings = process.env, interfaces = os.networkInterfaces()): PublicAddress {
  const configured = env.PUBLIC_URL?.trim()
  let problem: string | null = null
  if (configured) {
    let parsed: URL | null = null
    try {
      parsed = new URL(configured)
    } catch {
      parsed = null
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) problem = `PUBLIC_URL「${configured}」不是 http(s) 地址`
    else if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username)
      problem = `PUBLIC_URL「${configured}」只能是协议、主机和端口（本系统部署在站点根路径）`
    else return { url: parsed.origin, source: 'PUBLIC_URL', problem: null }
  }
  const port = Number(env.PORT) || 3000
  const listen = env.HOST?.trim()
  const host = listen && !['0.0.0.0', '::', '[::]'].includes(listen) ? listen : lanAddress(interfaces)
  return { url: `http://${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`, source: 'listen', problem }
}

/** The machine's first IPv4 address on a network (not loopback), else localhost. */
function lanAddress(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string {
  for (const list of Object.values(interfaces)) for (const i of list ?? []) if (i.family === 'IPv4' && !i.internal) return i.address
  return 'localhost'
}

/** The absolute URL of a path of ours, as a phone should open it (see publicAddress). */
export function absoluteUrl(path: string, env: AddressSettings = process.env): string {
  return `${publicAddress(env).url}${path}`
}
