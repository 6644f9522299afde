// One function per page. Each fetches its data from the API and renders it with text nodes.
import { api } from './api.js';
import { activityChart } from './chart.js';
import { el, percent, table } from './dom.js';
import { t } from './i18n.js';

export function groupLink(id, name) {
  return el('a', { href: `#/group/${encodeURIComponent(id)}`, text: name || id });
}

export function memberLink(id, name) {
  return el('a', { class: 'member-link', href: `#/member/${encodeURIComponent(id)}`, text: name || id });
}

export async function overview() {
  const data = await api.get('/v1/overview');
  const cards = data.communities.map((c) =>
    el('section', { class: 'card', dataset: { community: c.id } },
      el('h2', { text: c.name || c.id }),
      el('dl', {},
        stat(t('group_count'), c.groups, 'groups'),
        stat(t('members'), c.members, 'members'),
        stat(t('messages_today'), c.messages_today, 'messages_today'),
        stat(t('messages_7d'), c.messages_7d, 'messages_7d'),
        stat(t('share_spoke_7d'), percent(c.share_spoke_7d), 'share_spoke_7d'),
        stat(t('dying_groups'), c.dying_groups, 'dying_groups')),
      c.alerts.length ? el('p', { class: 'alerts' }, `${t('alerts')}: `, c.alerts.map((g) => [groupLink(g), ' '])) : null,
      el('p', { class: 'muted', text: `${t('as_of')} ${c.as_of || '—'}` })));
  return [el('h1', { text: t('overview') }), el('div', { class: 'cards' }, cards)];
}

export function stat(label, value, key) {
  return el('div', { class: 'stat', dataset: { stat: key } }, el('dt', { text: label }), el('dd', { text: value }));
}

export async function groups(params) {
  const offset = Number(params.get('offset') || 0);
  const limit = 50;
  const data = await api.get(`/v1/groups?offset=${offset}&limit=${limit}`);
  const rows = data.groups.map((g) =>
    el('tr', { class: g.warning ? 'warn' : '' },
      el('td', {}, groupLink(g.id, g.name)),
      el('td', { text: g.community }),
      el('td', { text: g.members }),
      el('td', { text: percent(g.share_spoke_7d) }),
      el('td', { text: g.stage }),
      el('td', { text: g.alerts.join(', ') })));
  const pager = el('p', { class: 'pager' },
    offset > 0 ? el('a', { href: `#/groups?offset=${Math.max(0, offset - limit)}`, text: t('prev') }) : null, ' ',
    offset + limit < data.total ? el('a', { href: `#/groups?offset=${offset + limit}`, text: t('next') }) : null);
  return [el('h1', { text: t('groups') }),
    table([t('name'), t('community'), t('size'), t('share_spoke_7d'), t('stage'), t('alerts')], rows), pager];
}

export async function group(id) {
  const g = await api.get(`/v1/groups/${encodeURIComponent(id)}`);
  const h = g.health || {};
  const chart = el('div', { class: 'chart', id: 'activity-chart' });
  const page = [
    el('h1', { text: g.name || g.id }),
    el('dl', { class: 'inline' },
      stat(t('members'), h.members ?? 0, 'members'),
      stat(t('share_spoke_7d'), percent(h.share_spoke_7d), 'share_spoke_7d'),
      stat(t('stage'), h.stage || 'none', 'stage'),
      stat(t('messages_7d'), h.messages_7d ?? 0, 'messages_7d')),
    el('h2', { text: t('activity') }), chart,
  ];
  // The chart measures its container: draw it once the page is in the document.
  page.mount = () => activityChart(chart, g.days, { messages: t('messages'), speakers: t('speakers'), joins: t('joins') });
  return page;
}

export async function leaderboards() {
  const data = await api.get('/v1/leaderboards');
  const out = [el('h1', { text: t('leaderboards') })];
  for (const c of data.communities) {
    out.push(el('h2', { text: c.name || c.id }));
    const boards = Object.entries(c.boards);
    if (!boards.length) out.push(el('p', { class: 'muted', text: t('no_boards') }));
    for (const [kind, board] of boards) {
      out.push(el('h3', { text: `${kind} · ${board.period}` }),
        table([t('rank'), t('member'), t('points')],
          board.top.map((r) => el('tr', {}, el('td', { text: r.rank }), el('td', {}, memberLink(r.member)), el('td', { text: r.points })))));
    }
  }
  return out;
}

// The moderation audit, newest first: ?status= filters, ?before= pages (the API's cursor).
export async function moderation(rerender, params = new URLSearchParams()) {
  const status = params.get('status') || 'all';
  const before = params.get('before') || '';
  const query = (b) => `/v1/moderation/queue?status=${status}&limit=50${b ? `&before=${b}` : ''}`;
  const data = await api.get(query(before));
  const state = (d) => `${d.label}/${d.undone}`;
  const act = (id, path, body) => async (ev) => {
    ev.target.disabled = true;
    try {
      const before = data.decisions.find((d) => d.id === id);
      await api.post(path, body);
      // The answer means "logged"; the engine applies it a moment later. Wait to see it.
      for (let i = 0; i < 40; i++) {
        const now = (await api.get(`/v1/moderation/queue?member=${encodeURIComponent(before ? before.member : '')}&limit=500`)).decisions.find((d) => d.id === id);
        if (!now || !before || state(now) !== state(before) || (body && body.label === before.label)) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      rerender();
    } catch (err) {
      ev.target.disabled = false;
      ev.target.title = err.message;
    }
  };
  const filters = el('p', { class: 'filters' }, `${t('status')}: `,
    ['all', 'pending', 'labelled', 'undone'].map((s) => [
      s === status ? el('strong', { text: t(`mod_${s}`) })
        : el('a', { href: `#/moderation?status=${s}`, dataset: { status: s }, text: t(`mod_${s}`) }), ' ']),
    el('span', { class: 'muted', text: ` (${data.matched})` }));
  const pager = el('p', { class: 'pager' },
    before ? el('a', { href: `#/moderation?status=${status}`, text: t('newest') }) : null, ' ',
    data.next_before !== null ? el('a', { class: 'older', href: `#/moderation?status=${status}&before=${data.next_before}`, text: t('older') }) : null);
  const rows = data.decisions.map((d) =>
    el('tr', { dataset: { decision: d.id }, class: d.undone ? 'undone' : '' },
      el('td', { text: d.id }),
      el('td', {}, groupLink(d.group)),
      el('td', {}, memberLink(d.member)),
      el('td', { class: 'chat-text', text: d.text }),
      el('td', { text: d.reason }),
      el('td', { class: 'evidence', text: d.evidence }),
      el('td', { text: d.actions }),
      el('td', { class: 'label', text: d.kind === 'staff' ? `${t('by_staff')} ${d.by}`
        : (d.undone ? `${d.label} (${t('undone')})` : d.label) + (d.removed ? ` (${t('removed')})` : '') }),
      // A staff decision is what a person did on the platform: nothing to undo or label.
      d.kind === 'staff' ? el('td', {}) : el('td', {},
        el('button', { class: 'undo', disabled: d.undone ? '' : null, onclick: act(d.id, `/v1/moderation/${d.id}/undo`), text: t('undo') }),
        el('button', { class: 'spam', onclick: act(d.id, `/v1/moderation/${d.id}/label`, { label: 'spam' }), text: t('mark_spam') }),
        el('button', { class: 'ham', onclick: act(d.id, `/v1/moderation/${d.id}/label`, { label: 'ham' }), text: t('mark_ham') }))));
  return [el('h1', { text: t('moderation') }), filters,
    rows.length ? table([t('decision'), t('groups'), t('member'), t('text'), t('reason'), t('evidence'), t('actions'), t('label'), ''], rows)
      : el('p', { class: 'muted', text: t('empty') }), pager];
}

export async function growth() {
  const data = await api.get('/v1/growth');
  const out = [el('h1', { text: t('growth') })];
  for (const c of data.communities) {
    out.push(el('section', { class: 'card', dataset: { community: c.id } }, el('h2', { text: c.name || c.id }),
      el('h3', { text: t('funnels') }),
      Object.entries(c.funnels).map(([name, f]) => [el('h4', { text: name }),
        table([t('step'), t('members'), t('rate')], f.steps.map((s) => el('tr', {},
          el('td', { text: s.step }), el('td', { text: s.members }),
          el('td', { text: s.rate_from_first === undefined ? '' : percent(s.rate_from_first) }))))]),
      el('h3', { text: t('channels') }),
      table([t('channel'), t('conversions')], Object.entries(c.by_channel).map(([ch, goals]) =>
        el('tr', {}, el('td', { text: ch }), el('td', { text: Object.entries(goals).map(([g, n]) => `${g}: ${n}`).join(', ') })))),
      el('h3', { text: t('campaigns') }),
      table([t('campaign'), t('conversions')], Object.entries(c.by_campaign).map(([k, goals]) =>
        el('tr', {}, el('td', { text: k }), el('td', { text: Object.entries(goals).map(([g, n]) => `${g}: ${n}`).join(', ') }))))));
  }
  return out;
}
