import QRCode from 'qrcode'

/** An SVG QR code for printing (error correction M survives a creased, stained notice). */
export function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 1, width: 132 })
}

/** The absolute URL a phone should open, from the request that is printing it. */
export function absoluteUrl(request: Request, path: string): string {
  const url = new URL(request.url)
  const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '')
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host') ?? url.host
  return `${proto}://${host}${path}`
}
