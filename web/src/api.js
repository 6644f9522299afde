// The API client: the session cookie travels by itself (same origin); every state-changing
// request repeats the CSRF token the login answer gave us.
let csrf = '';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function call(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrf) headers['X-CSRF-Token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = {};
  try {
    data = await res.json();
  } catch {
    data = {};
  }
  if (!res.ok) throw new ApiError(res.status, data.error || res.statusText);
  return data;
}

export const api = {
  async login(token) {
    const who = await call('POST', '/v1/login', { token });
    csrf = who.csrf || '';
    return who;
  },
  async session() {
    const who = await call('GET', '/v1/session');
    csrf = who.csrf || csrf;
    return who;
  },
  async logout() {
    await call('POST', '/v1/logout', {});
    csrf = '';
  },
  get: (path) => call('GET', path),
  post: (path, body = {}) => call('POST', path, body),
};
