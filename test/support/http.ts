// One HTTP call to an API under test over real HTTP. Every error reply is checked for the one
// error shape (or, only for a browser, an HTML page) and for leaked internals.

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- parsed JSON of whichever route answered, probed field by field
  body: any;
}

export interface Call {
  key?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  /** Base URL of the API, e.g. http://127.0.0.1:40123 */
  at?: string;
}

export async function request(method: string, path: string, { key, body, raw, headers = {}, at }: Call & { at: string }): Promise<Reply> {
  const res = await fetch(`${at}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('application/json') ? JSON.parse(text) : undefined;
  if (res.status >= 400) {
    if (res.headers.get('content-type')?.startsWith('text/html')) expect(headers.accept).toMatch(/text\/html/);
    else expect(json).toEqual({ error: expect.objectContaining({ code: expect.any(String), message: expect.any(String) }) });
    expect(text).not.toMatch(/stack/i);
    expect(text).not.toMatch(/\bat [\w.<>]+ \(|\/[\w./-]+\.[jt]s:\d+:\d+/); // stack frames
  }
  return { status: res.status, headers: res.headers, text, body: json };
}
