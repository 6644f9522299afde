// The SOP calendar: every post the plans would make between two local dates (GET
// /v1/plans/calendar, the same list as `shoal plan show`), grouped by day, with each post's
// target groups and rendered text. Range in the hash: #/calendar?from=YYYY-MM-DD&to=YYYY-MM-DD.
import { api, ApiError } from './api.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import { groupLink } from './views.js';

function isoDay(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

function rangeForm(from, to) {
  const a = el('input', { id: 'cal-from', type: 'date', value: from });
  const b = el('input', { id: 'cal-to', type: 'date', value: to });
  return el('form', { id: 'calendar-range', class: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    location.hash = `#/calendar?from=${a.value}&to=${b.value}`;
  } }, el('label', { for: 'cal-from', text: t('from') }), a, el('label', { for: 'cal-to', text: t('to') }), b,
  el('button', { type: 'submit', text: t('show') }));
}

export async function calendar(params) {
  const today = new Date();
  const from = params.get('from') || isoDay(today);
  const to = params.get('to') || isoDay(new Date(today.getTime() + 13 * 86400000));
  let data;
  try {
    data = await api.get(`/v1/plans/calendar?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 400) throw err;
    return [el('h1', { text: t('calendar') }), rangeForm(from, to), el('p', { id: 'calendar-error', class: 'error', text: err.message })];
  }
  // One post (an entry at one time) goes to many groups: list them under the day, once per text.
  const days = new Map();
  for (const p of data.posts) {
    const day = p.time.slice(0, 10);
    if (!days.has(day)) days.set(day, new Map());
    const key = `${p.time} ${p.community} ${p.entry} ${p.text}`;
    const posts = days.get(day);
    if (!posts.has(key)) posts.set(key, { ...p, groups: [] });
    posts.get(key).groups.push([p.group, p.group_name]);
  }
  const out = [el('h1', { text: t('calendar') }), rangeForm(from, to),
    el('p', { class: 'muted', id: 'calendar-count', text: `${data.count} ${t('planned_posts')}` })];
  if (!data.posts.length) out.push(el('p', { class: 'muted', text: t('empty') }));
  for (const [day, posts] of days) {
    out.push(el('section', { class: 'card day', dataset: { day } }, el('h2', { text: day }),
      [...posts.values()].map((p) => el('div', { class: 'post', dataset: { entry: p.entry } },
        el('p', { class: 'meta' }, el('strong', { text: p.time.slice(11, 16) }),
          ` ${p.community} / ${p.entry} · ${p.mode === 'assisted' ? t('assisted') : t('direct')}`),
        el('p', { class: 'targets' }, `${t('to_groups')}: `, p.groups.map(([id, name]) => [groupLink(id, name), ' '])),
        el('p', { class: 'chat-text', text: p.text })))));
  }
  return out;
}
