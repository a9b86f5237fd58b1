import { execFile, spawn } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs'
import { createServer, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Starts a daemon that forks into the background; its stdio is not ours, or waiting for it would never end. */
function daemon(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))))
  })
}

/**
 * Real Dovecot (IMAP, LMTP, SASL) and Postfix (MX + submission with AUTH) on 127.0.0.1, in a
 * temporary folder, started by the tests and never as services. Dovecot delivers for every
 * address in its passwd-file; Postfix hands all mail for the test domains to Dovecot over LMTP.
 * Needs root (Postfix's master and Dovecot drop privileges themselves) and the packages from
 * scripts/setup.sh.
 */
export interface MailServers {
  dir: string
  imapPort: number
  /** Postfix's MX port: mail in from the world, no AUTH. */
  mxPort: number
  /** Postfix's submission port: AUTH through Dovecot's SASL, relays anywhere in the test domains. */
  submissionPort: number
  users: Record<string, string>
  /** Runs doveadm against this Dovecot (e.g. `mailbox update --uid-validity`). */
  doveadm(...args: string[]): Promise<string>
  /** Waits until Postfix's queue is empty, so everything accepted has reached Dovecot. */
  drained(): Promise<void>
  stop(): Promise<void>
}

/** The brand's support mailbox and a customer, in two domains Postfix treats as local. */
export const MAIL_USERS = {
  'support@brand.test': 'support-secret-1',
  'customer@customer.test': 'customer-secret-2',
} as const

const DOMAINS = ['brand.test', 'customer.test']

export function mailServersMissing(): string | null {
  for (const bin of ['/usr/sbin/dovecot', '/usr/sbin/postfix', '/usr/bin/doveadm', '/usr/lib/dovecot/lmtp']) {
    if (!existsSync(bin)) return `${bin} is missing: run scripts/setup.sh to install dovecot-imapd, dovecot-lmtpd and postfix.`
  }
  if (process.getuid?.() !== 0) return 'The e-mail tests start Dovecot and Postfix, which needs root.'
  return null
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

async function listening(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = new Socket()
      socket.once('connect', () => (socket.destroy(), resolve(true)))
      socket.once('error', () => (socket.destroy(), resolve(false)))
      socket.connect(port, '127.0.0.1')
    })
    if (ok) return
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** Which special-use folders the mailbox offers; a test of a server without Junk turns it off. */
export interface MailServerOptions {
  junk?: boolean
  /**
   * Also accept OAuth 2 bearer tokens (SASL XOAUTH2 and OAUTHBEARER) for IMAP and submission: Dovecot
   * asks this RFC 7662 introspection endpoint (on loopback) whether a token is active and whose it is.
   */
  oauth2IntrospectionUrl?: string
}

function dovecotConf(dir: string, ports: { imap: number; lmtp: number; auth: number }, uid: number, gid: number, options: MailServerOptions): string {
  const junk = `
  mailbox Junk {
    special_use = \\Junk
    auto = subscribe
  }`
  return `
base_dir = ${dir}/dovecot-run
state_dir = ${dir}/dovecot-state
log_path = ${dir}/dovecot.log
instance_name = parley-test-${ports.imap}
protocols = imap lmtp
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login${options.oauth2IntrospectionUrl ? ' xoauth2 oauthbearer' : ''}
mail_location = maildir:${dir}/mail/%u
mail_uid = ${uid}
mail_gid = ${gid}
first_valid_uid = ${uid}
last_valid_uid = 0
first_valid_gid = ${gid}
lmtp_save_to_detail_mailbox = no
recipient_delimiter =
mail_plugins =
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Trash {
    special_use = \\Trash
    auto = subscribe
  }${options.junk === false ? '' : junk}
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/users
}${
    options.oauth2IntrospectionUrl
      ? `
passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${dir}/dovecot-oauth2.conf.ext
}`
      : ''
  }
userdb {
  driver = static
  args = uid=${uid} gid=${gid} home=${dir}/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${ports.imap}
  }
  inet_listener imaps {
    port = 0
  }
}
service lmtp {
  inet_listener lmtp {
    address = 127.0.0.1
    port = ${ports.lmtp}
  }
}
service auth {
  inet_listener {
    address = 127.0.0.1
    port = ${ports.auth}
  }
}
service doveadm {
  unix_listener doveadm-server {
    mode = 0600
  }
}
protocol lmtp {
  postmaster_address = postmaster@brand.test
}
`
}

function postfixMain(dir: string, ports: { lmtp: number; auth: number }): string {
  return `
compatibility_level = 3.6
queue_directory = ${dir}/pf-queue
data_directory = ${dir}/pf-data
maillog_file = ${dir}/postfix.log
maillog_file_prefixes = ${dir}
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.brand.test
mydomain = brand.test
myorigin = $mydomain
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
alias_maps =
alias_database =
local_recipient_maps =
relayhost =
smtp_dns_support_level = disabled
lmtp_host_lookup = native
smtp_host_lookup = native
virtual_mailbox_domains = ${DOMAINS.join(' ')}
virtual_mailbox_maps =
virtual_transport = lmtp:inet:127.0.0.1:${ports.lmtp}
smtpd_relay_restrictions = permit_sasl_authenticated, reject_unauth_destination
smtpd_recipient_restrictions =
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:${ports.auth}
smtpd_sasl_auth_enable = no
smtpd_tls_security_level = none
smtp_tls_security_level = none
biff = no
append_dot_mydomain = no
readme_directory = no
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
`
}

function postfixMaster(ports: { mx: number; submission: number }): string {
  const line = (service: string, type: string, priv: string, wakeup: string, limit: string, command: string): string =>
    `${service} ${type} ${priv} - n ${wakeup} ${limit} ${command}`
  return [
    line(`127.0.0.1:${ports.mx}`, 'inet', 'n', '-', '-', 'smtpd'),
    line(`127.0.0.1:${ports.submission}`, 'inet', 'n', '-', '-', 'smtpd') +
      '\n  -o smtpd_sasl_auth_enable=yes\n  -o smtpd_client_restrictions=permit_sasl_authenticated,reject\n  -o smtpd_relay_restrictions=permit_sasl_authenticated,reject',
    line('pickup', 'unix', 'n', '60', '1', 'pickup'),
    line('cleanup', 'unix', 'n', '-', '0', 'cleanup'),
    line('qmgr', 'unix', 'n', '300', '1', 'qmgr'),
    line('rewrite', 'unix', '-', '-', '-', 'trivial-rewrite'),
    line('bounce', 'unix', '-', '-', '0', 'bounce'),
    line('defer', 'unix', '-', '-', '0', 'bounce'),
    line('trace', 'unix', '-', '-', '0', 'bounce'),
    line('verify', 'unix', '-', '-', '1', 'verify'),
    line('flush', 'unix', 'n', '1000?', '0', 'flush'),
    line('proxymap', 'unix', '-', '-', '-', 'proxymap'),
    line('proxywrite', 'unix', '-', '-', '1', 'proxymap'),
    line('smtp', 'unix', '-', '-', '-', 'smtp'),
    line('relay', 'unix', '-', '-', '-', 'smtp'),
    line('showq', 'unix', 'n', '-', '-', 'showq'),
    line('error', 'unix', '-', '-', '-', 'error'),
    line('retry', 'unix', '-', '-', '-', 'error'),
    line('discard', 'unix', '-', '-', '-', 'discard'),
    line('lmtp', 'unix', '-', '-', '-', 'lmtp'),
    line('anvil', 'unix', '-', '-', '1', 'anvil'),
    line('scache', 'unix', '-', '-', '1', 'scache'),
    line('postlog', 'unix-dgram', 'n', '-', '1', 'postlogd'),
    '',
  ].join('\n')
}

async function postfixErrors(pfDir: string): Promise<string> {
  // Without /dev/log Postfix prints its complaints only to a terminal.
  try {
    const { stdout } = await run('script', ['-qc', `postfix -c ${pfDir} check`, '/dev/null'])
    return stdout.trim()
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error)
  }
}

/** Starts both servers in a new temporary folder (about a second on this machine). */
export async function startMailServers(options: MailServerOptions = {}): Promise<MailServers> {
  const missing = mailServersMissing()
  if (missing) throw new Error(missing)
  const dir = mkdtempSync(join(tmpdir(), 'parley-mail-'))
  chmodSync(dir, 0o755)
  const ports = { imap: await freePort(), lmtp: await freePort(), auth: await freePort(), mx: await freePort(), submission: await freePort() }
  // Mail is stored as the Debian "mail" user: Dovecot refuses to store mail as root.
  const uid = Number((await run('id', ['-u', 'mail'])).stdout)
  const gid = Number((await run('id', ['-g', 'mail'])).stdout)
  mkdirSync(join(dir, 'mail'))
  chownSync(join(dir, 'mail'), uid, gid)
  writeFileSync(join(dir, 'users'), Object.entries(MAIL_USERS).map(([user, password]) => `${user}:{PLAIN}${password}::::::\n`).join(''))
  writeFileSync(join(dir, 'dovecot.conf'), dovecotConf(dir, ports, uid, gid, options))
  if (options.oauth2IntrospectionUrl) {
    writeFileSync(
      join(dir, 'dovecot-oauth2.conf.ext'),
      `introspection_mode = post\nintrospection_url = ${options.oauth2IntrospectionUrl}\nusername_attribute = email\nactive_attribute = active\nactive_value = true\nforce_introspection = yes\n`,
    )
  }
  const pf = join(dir, 'pf')
  mkdirSync(pf)
  mkdirSync(join(dir, 'pf-queue'))
  mkdirSync(join(dir, 'pf-data'))
  chownSync(join(dir, 'pf-data'), Number((await run('id', ['-u', 'postfix'])).stdout), 0)
  writeFileSync(join(pf, 'main.cf'), postfixMain(dir, ports))
  writeFileSync(join(pf, 'master.cf'), postfixMaster(ports))

  const doveadm = async (...args: string[]): Promise<string> => (await run('doveadm', ['-c', join(dir, 'dovecot.conf'), ...args])).stdout
  let dovecotUp = false
  let postfixUp = false
  const masterPids = (): number[] =>
    [join(dir, 'pf-queue', 'pid', 'master.pid'), join(dir, 'dovecot-run', 'master.pid')]
      .filter((f) => existsSync(f))
      .map((f) => Number(readFileSync(f, 'utf8').trim()))
      .filter((pid) => Number.isInteger(pid) && pid > 0)
  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  const stop = async (): Promise<void> => {
    const pids = masterPids()
    if (postfixUp) await run('postfix', ['-c', pf, 'stop']).catch(() => undefined)
    if (dovecotUp) await run('doveadm', ['-c', join(dir, 'dovecot.conf'), 'stop']).catch(() => undefined)
    for (let i = 0; i < 100 && pids.some(alive); i++) await new Promise((r) => setTimeout(r, 50))
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await daemon('dovecot', ['-c', join(dir, 'dovecot.conf')])
    dovecotUp = true
    try {
      await daemon('postfix', ['-c', pf, 'start'])
      postfixUp = true
    } catch (error) {
      throw new Error(`Postfix did not start: ${await postfixErrors(pf)}`, { cause: error })
    }
    await Promise.all([listening(ports.imap, 5_000), listening(ports.auth, 5_000), listening(ports.mx, 5_000), listening(ports.submission, 5_000)])
  } catch (error) {
    const logs = ['dovecot.log', 'postfix.log'].map((f) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '')).join('\n')
    await stop()
    throw new Error(`${String(error)}\n${logs}`, { cause: error })
  }
  return {
    dir,
    imapPort: ports.imap,
    mxPort: ports.mx,
    submissionPort: ports.submission,
    users: { ...MAIL_USERS },
    doveadm,
    async drained() {
      for (let i = 0; i < 200; i++) {
        const { stdout } = await run('postqueue', ['-c', pf, '-j']).catch(() => ({ stdout: 'x' }))
        if (stdout.trim() === '') return
        await run('postqueue', ['-c', pf, '-f']).catch(() => undefined)
        await new Promise((r) => setTimeout(r, 100))
      }
      throw new Error(`Postfix still holds mail:\n${readFileSync(join(dir, 'postfix.log'), 'utf8')}`)
    },
    stop,
  }
}
