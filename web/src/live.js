// The live feed panel: a WebSocket to /v1/live (the session cookie authenticates it), newest
// line first, at most 200 kept. Message text arrives from chat: shown as text only.
import { el, clear } from './dom.js';
import { t } from './i18n.js';

let socket = null;

export function stopLive() {
  if (socket) socket.close();
  socket = null;
}

export function live() {
  stopLive();
  const status = el('p', { id: 'live-status', class: 'muted', text: t('live_connecting') });
  const list = el('ol', { id: 'live-list', class: 'live' });
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  socket = new WebSocket(`${scheme}://${location.host}/v1/live`);
  socket.onopen = () => { status.textContent = t('live_open'); };
  socket.onclose = () => { status.textContent = t('live_closed'); };
  socket.onmessage = (msg) => {
    let line;
    try {
      line = JSON.parse(msg.data);
    } catch {
      return;
    }
    const body = line.kind === 'event' ? line.event : line.action;
    const summary = [line.kind, body.type || body.action, body.group || '', body.member || ''].filter(Boolean).join(' · ');
    list.prepend(el('li', { class: line.kind },
      el('span', { class: 'meta', text: summary }), ' ',
      el('span', { class: 'chat-text', text: body.text || '' })));
    while (list.children.length > 200) list.lastChild.remove();
  };
  return [el('h1', { text: t('live') }), status, list];
}

export function resetLive(node) {
  clear(node);
}
