import { describe, expect, it } from 'vitest'
import { readsOnlyHeldPosts } from '../../app/modules/duties/policy'
import { absoluteUrl, publicAddress } from '../../app/modules/print/qr.server'

// Issue 13 #8: QR codes and printed links use PUBLIC_URL, else the server's own listen address.
const lan = { eth0: [{ address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '', mac: '', cidr: null }] } as never
const loopbackOnly = { lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '', mac: '', cidr: null }] } as never

describe('the public address', () => {
  it('is PUBLIC_URL when it is a plain http(s) origin', () => {
    expect(publicAddress({ PUBLIC_URL: 'https://azt.example.cn/' }, lan)).toEqual({
      url: 'https://azt.example.cn',
      source: 'PUBLIC_URL',
      problem: null,
    })
    expect(publicAddress({ PUBLIC_URL: ' http://10.0.0.5:8080 ' }, lan).url).toBe('http://10.0.0.5:8080')
    expect(absoluteUrl('/me/posts/x', { PUBLIC_URL: 'https://azt.example.cn' })).toBe('https://azt.example.cn/me/posts/x')
  })

  it('refuses a PUBLIC_URL that is not an origin, says why, and uses the listen address', () => {
    for (const bad of ['azt.example.cn', 'ftp://azt.example.cn', 'https://azt.example.cn/portal', 'https://u:p@azt.example.cn']) {
      const a = publicAddress({ PUBLIC_URL: bad, PORT: '3000' }, lan)
      expect(a.source).toBe('listen')
      expect(a.url).toBe('http://192.168.1.20:3000')
      expect(a.problem).toContain('PUBLIC_URL')
    }
  })

  it('without PUBLIC_URL: HOST and PORT, the LAN address when listening everywhere, localhost as the last resort', () => {
    expect(publicAddress({ HOST: '10.1.2.3', PORT: '8080' }, lan).url).toBe('http://10.1.2.3:8080')
    expect(publicAddress({ HOST: '0.0.0.0' }, lan).url).toBe('http://192.168.1.20:3000')
    expect(publicAddress({}, lan).url).toBe('http://192.168.1.20:3000')
    expect(publicAddress({ HOST: 'fd00::5' }, lan).url).toBe('http://[fd00::5]:3000')
    expect(publicAddress({}, loopbackOnly).url).toBe('http://localhost:3000')
  })
})

describe('whose lists a person reads', () => {
  it('a worker only the posts they hold; staff every post', () => {
    expect(readsOnlyHeldPosts('worker')).toBe(true)
    expect(readsOnlyHeldPosts('enterprise_admin')).toBe(false)
    expect(readsOnlyHeldPosts('enterprise_head')).toBe(false)
  })
})
