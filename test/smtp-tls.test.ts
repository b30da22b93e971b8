// The worker's mail transport: plain SMTP only on loopback; TLS required everywhere else.
import { smtpTlsProblem } from '../worker/smtp-tls';

test.each([
  'smtp://127.0.0.1:1025',
  'smtp://localhost:25',
  'smtp://[::1]:25',
  'smtp://127.0.0.1:1025?ignoreTLS=true',
  'smtps://user:pass@relay.county.example:465',
  'smtps://relay.county.example?secure=true',
  'smtp://user:pass@relay.county.example:587?requireTLS=true',
  'smtp://relay.county.example:587?requireTLS=true&ignoreTLS=false',
])('%s is accepted', (url) => {
  expect(smtpTlsProblem(url)).toBeUndefined();
});

test.each([
  ['smtp://relay.county.example:25', /use smtps:\/\/ or smtp:\/\/…\?requireTLS=true/],
  ['smtp://10.0.0.5:25', /not on loopback/],
  ['smtp://127.example.com:25', /not on loopback/],
  ['smtp://relay.county.example:587?requireTLS=false', /requireTLS=true/],
  ['smtp://relay.county.example:587?requireTLS=true&ignoreTLS=true', /ignoreTLS is not allowed/],
  ['smtps://relay.county.example:465?ignoreTLS=1', /ignoreTLS is not allowed/],
  ['smtps://relay.county.example:465?secure=false', /secure=false/],
  ['smtps://relay.county.example:465?tls.rejectUnauthorized=false', /certificate must be checked/],
])('%s is refused', (url, why) => {
  expect(smtpTlsProblem(url)).toMatch(why);
});
