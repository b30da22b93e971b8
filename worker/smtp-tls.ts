// Mail leaves this host only under TLS. On loopback (a local relay or the dev mail catcher)
// plain SMTP is fine; anywhere else SMTP_URL must be smtps://, or smtp:// with requireTLS=true
// (STARTTLS or no mail), and never ignoreTLS or an unchecked certificate.
const loopback = (host: string) => host === 'localhost' || /^127(\.\d{1,3}){3}$/.test(host) || host === '[::1]';

// nodemailer reads query values "false", "0" and "" as off; anything else turns an option on.
const on = (value: string | null) => value !== null && !['false', '0', ''].includes(value);

/** Why this SMTP_URL would send mail unencrypted off this host, or undefined when it would not. */
export function smtpTlsProblem(smtpUrl: string): string | undefined {
  const url = new URL(smtpUrl);
  if (loopback(url.hostname)) return undefined;
  const q = url.searchParams;
  const where = `SMTP_URL (${url.protocol}//${url.hostname}) is not on loopback`;
  if (on(q.get('ignoreTLS'))) return `${where}: ignoreTLS is not allowed`;
  if (q.has('tls.rejectUnauthorized') && !on(q.get('tls.rejectUnauthorized'))) return `${where}: the server's certificate must be checked`;
  if (url.protocol === 'smtps:') return q.has('secure') && !on(q.get('secure')) ? `${where}: secure=false turns TLS off` : undefined;
  if (url.protocol === 'smtp:' && q.get('requireTLS') === 'true') return undefined;
  return `${where}: use smtps:// or smtp://…?requireTLS=true`;
}
