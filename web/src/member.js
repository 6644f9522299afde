// The member page: a search box for a member id and, for #/member/{id}, the CRM profile from
// GET /v1/members/{id} (who, where from, groups, level and why, tags, conversions).
import { api, ApiError } from './api.js';
import { el, table } from './dom.js';
import { t } from './i18n.js';
import { groupLink, stat } from './views.js';

function search(id) {
  const input = el('input', { id: 'member-id', type: 'search', placeholder: 'qq:10001', value: id || '' });
  return el('form', { id: 'member-search', class: 'search', onsubmit: (ev) => {
    ev.preventDefault();
    const value = input.value.trim();
    if (value) location.hash = `#/member/${encodeURIComponent(value)}`;
  } }, el('label', { for: 'member-id', text: t('member_id') }), input, el('button', { type: 'submit', text: t('search') }));
}

function field(label, value, key) {
  return el('div', { dataset: { field: key } }, el('dt', { text: label }), el('dd', { text: value === '' || value == null ? '—' : value }));
}

export async function member(id) {
  const out = [el('h1', { text: t('member') }), search(id)];
  if (!id) return out;
  let p;
  try {
    p = await api.get(`/v1/members/${encodeURIComponent(id)}`);
  } catch (err) {
    if (!(err instanceof ApiError) || err.status === 401) throw err;
    out.push(el('p', { id: 'member-error', class: 'error', text: err.message }));
    return out;
  }
  const groups = Object.entries(p.groups || {}).map(([gid, g]) =>
    el('tr', { dataset: { group: gid } }, el('td', {}, groupLink(gid, g.name)), el('td', { text: g.present ? t('present') : t('left') }),
      el('td', { text: g.joined || '—' }), el('td', { text: g.messages })));
  const conversions = (p.conversions || []).map((c) =>
    el('tr', {}, el('td', { text: c.goal }), el('td', { text: c.value }), el('td', { text: c.campaign || '' }), el('td', { text: c.ts })));
  out.push(el('section', { class: 'card profile', id: 'profile', dataset: { member: p.id } },
    el('h2', { class: 'member-name', text: p.name || p.id }),
    el('dl', { class: 'fields' },
      field(t('member_id'), p.id, 'id'), field(t('community'), p.community, 'community'),
      field(t('channel'), p.channel, 'channel'), field(t('inviter'), p.inviter, 'inviter'),
      field(t('first_joined'), p.first_joined, 'first_joined'), field(t('last_active'), p.last_active, 'last_active')),
    el('dl', { class: 'inline' },
      stat(t('messages'), p.messages, 'messages'), stat(t('active_days'), p.active_days, 'active_days'),
      stat(t('invites'), p.invites, 'invites'), stat(t('checkins'), p.checkins, 'checkins')),
    el('h3', { text: t('level') }),
    el('p', { id: 'member-level' }, el('strong', { text: p.level }), p.level_reason ? ` — ${p.level_reason}` : ''),
    el('h3', { text: t('tags') }),
    el('p', { id: 'member-tags' }, (p.tags || []).length ? p.tags.map((tag) => el('span', { class: 'tag', text: tag })) : t('none')),
    el('h3', { text: t('groups') }),
    table([t('name'), t('status'), t('joined'), t('messages')], groups),
    el('h3', { text: t('conversions') }),
    conversions.length ? table([t('goal'), t('value'), t('campaign'), t('time')], conversions)
      : el('p', { class: 'muted', text: t('none') })));
  return out;
}
