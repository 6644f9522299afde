// The dashboard shell: login, navigation by URL hash, language switch.
import { api, ApiError } from './api.js';
import { el, clear } from './dom.js';
import { t, language, setLanguage } from './i18n.js';
import { live, stopLive } from './live.js';
import * as views from './views.js';
import { member } from './member.js';
import { calendar } from './calendar.js';

const app = document.getElementById('app');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const lang = document.getElementById('lang');
let me = null;

const pages = [
  ['overview', '#/overview'], ['groups', '#/groups'], ['leaderboards', '#/leaderboards'],
  ['growth', '#/growth'], ['moderation', '#/moderation'], ['member', '#/member'], ['calendar', '#/calendar'],
  ['live', '#/live'],
];

function renderNav() {
  clear(nav);
  clear(who);
  if (!me) return;
  for (const [key, href] of pages) nav.append(el('a', { href, text: t(key), dataset: { page: key } }));
  who.append(el('span', { text: `${me.name} (${me.role})` }), ' ',
    el('button', { id: 'logout', text: t('logout'), onclick: logout }));
}

function loginPage(message) {
  const input = el('input', { id: 'token', type: 'password', autocomplete: 'off', placeholder: 'shoal_…' });
  const error = el('p', { id: 'login-error', class: 'error', text: message || '' });
  const form = el('form', { id: 'login-form', onsubmit: async (ev) => {
    ev.preventDefault();
    try {
      me = await api.login(input.value.trim());
      location.hash = '#/overview';
      await route();
    } catch (err) {
      error.textContent = `${t('login_failed')}: ${err.message}`;
    }
  } },
  el('label', { for: 'token', text: t('token') }), input, el('button', { type: 'submit', text: t('login') }), error);
  return [el('h1', { text: t('login') }), form];
}

async function logout() {
  try {
    await api.logout();
  } finally {
    me = null;
    stopLive();
    location.hash = '#/login';
    await route();
  }
}

async function route() {
  const [path, query] = (location.hash.slice(1) || '/overview').split('?');
  const params = new URLSearchParams(query || '');
  if (path !== '/live') stopLive();
  renderNav();
  if (!me) {
    clear(app).append(...loginPage());
    return;
  }
  clear(app).append(el('p', { class: 'muted', text: t('loading') }));
  let content;
  try {
    if (path.startsWith('/group/')) content = await views.group(decodeURIComponent(path.slice(7)));
    else if (path === '/member' || path.startsWith('/member/')) content = await member(decodeURIComponent(path.slice(8)));
    else if (path === '/calendar') content = await calendar(params);
    else if (path === '/groups') content = await views.groups(params);
    else if (path === '/leaderboards') content = await views.leaderboards();
    else if (path === '/growth') content = await views.growth();
    else if (path === '/moderation') content = await views.moderation(route, params);
    else if (path === '/live') content = live();
    else content = await views.overview();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      me = null;
      renderNav();
      content = loginPage(err.message);
    } else {
      content = [el('p', { class: 'error', text: err.message })];
    }
  }
  clear(app).append(...content);
  if (content.mount) content.mount();
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', `#${path}`.startsWith(a.getAttribute('href')));
}

lang.value = language();
lang.addEventListener('change', () => {
  setLanguage(lang.value);
  route();
});
window.addEventListener('hashchange', route);

(async () => {
  setLanguage(language());
  try {
    me = await api.session();
  } catch {
    me = null;
  }
  await route();
})();
