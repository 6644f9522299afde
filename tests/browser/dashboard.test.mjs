// The dashboard in a real browser: Debian's headless chromium driven by playwright-core
// against a `shoal serve` this test starts on a free loopback port with a small history.
// Checks login (a bad token refused), the overview's numbers, the group chart, the
// moderation undo, member profiles, the SOP calendar, and that script-injection chat text,
// group and member names show as text and never run.
// Usage: node dashboard.test.mjs <path/to/shoal> <web-dir> <artifacts-dir>
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [shoal, webDir, artifacts] = process.argv.slice(2);
const TIMEOUT = 60_000;  // generous: a loaded 2-core machine
const HOSTILE = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>';
const HOSTILE_NAME = '<img src=x onerror="window.__xss=2">G2';
const HOSTILE_MEMBER = '<img src=x onerror="window.__xss=3">m14';
fs.mkdirSync(artifacts, { recursive: true });
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shoal-browser-'));

function newToken(name, role, communities) {
  const out = execFileSync(shoal, ['token', 'new', '--name', name, '--role', role], { encoding: 'utf8' });
  const token = out.match(/shoal_[A-Za-z0-9_-]+/)[0];
  const hash = out.match(/blake2b-256:[0-9a-f]+/)[0];
  const scope = communities ? `, communities: [${communities.join(', ')}]` : '';
  return { token, entry: `    - {name: ${name}, role: ${role}${scope}, hash: "${hash}"}` };
}

const owner = newToken('owner', 'owner');
const viewer = newToken('viewer-d', 'viewer', ['d']);
fs.writeFileSync(path.join(tmp, 'shoal.yaml'), `tenant: browser-test
timezone: Asia/Shanghai
store: {kind: memory}
staff: ["qq:900"]
server:
  tokens:
${owner.entry}
${viewer.entry}
features:
  analytics:
    funnels:
      - {name: join_to_paid, steps: [join, paid]}
    levels:
      active: {any: {messages: 3}}
  moderation:
    keywords: ["window.__xss", "外挂"]
    rule_ladder: [{action: warn}]
  plan:
    entries:
      - {id: morning, on: "2026-01-10 09:00", to: [all], text: "早上好 {group}"}
      - {id: recap, on: "2026-01-12 20:00", to: ["qq:3"], text: "Weekly recap for {community}"}
communities:
  - id: c
    name: 社区 C
    groups:
      - {id: "qq:1", name: 一群}
      - {id: "qq:2", name: ${JSON.stringify(HOSTILE_NAME)}}
  - id: d
    name: Community D
    groups:
      - {id: "qq:3", name: G3}
`);

// A small history: three days in qq:1 and qq:3, a spam message and the hostile one on the last.
function ts(day, minute) {
  return `2026-01-0${day}T${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00+08:00`;
}
const history = [];
let n = 0;
for (const day of [3, 4, 5]) {
  for (const [group, members] of [['qq:1', ['qq:11', 'qq:12', 'qq:13']], ['qq:3', ['qq:31', 'qq:32']]]) {
    members.forEach((m, i) => {
      if (day === 3) history.push({ type: 'join', ts: ts(day, i), group, member: m, name: `m${m}` });
      for (let k = 0; k < day - 1 + i; k++)
        history.push({ type: 'message', ts: ts(day, 10 + i * 5 + k), group, member: m, name: `m${m}`, text: `hello ${k}`, msg_id: `h${++n}` });
    });
  }
}
history.push({ type: 'join', ts: ts(3, 5), group: 'qq:1', member: 'qq:14', name: HOSTILE_MEMBER });
history.push({ type: 'message', ts: ts(4, 30), group: 'qq:1', member: 'qq:14', name: HOSTILE_MEMBER, text: 'hi', msg_id: 'n14' });
history.push({ type: 'conversion', ts: ts(5, 90), member: 'qq:11', goal: 'paid', value: 99 });
history.push({ type: 'message', ts: ts(5, 100), group: 'qq:2', member: 'qq:21', name: 'spammer', text: '卖外挂 便宜', msg_id: 'spam1' });
history.push({ type: 'message', ts: ts(5, 101), group: 'qq:1', member: 'qq:12', name: 'm12', text: HOSTILE, msg_id: 'xss1' });
history.sort((a, b) => (a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : 0));  // the engine takes events in time order

const server = spawn(shoal, ['serve', '-c', path.join(tmp, 'shoal.yaml'), '--listen', '127.0.0.1', '--port', '0',
  '--port-file', path.join(tmp, 'port'), '--web', webDir, '--clock', 'events'], { stdio: ['ignore', 'ignore', 'pipe'] });
let serverLog = '';
server.stderr.on('data', (d) => { serverLog += d; });

let context;
async function main() {
  const portFile = path.join(tmp, 'port');
  for (let i = 0; i < 600 && !fs.existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(fs.existsSync(portFile), `server did not start:\n${serverLog}`);
  const base = `http://127.0.0.1:${fs.readFileSync(portFile, 'utf8').trim()}`;
  const api = async (method, p, body, token = owner.token) => {
    const res = await fetch(base + p, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/x-ndjson' }, body });
    return { status: res.status, json: await res.json() };
  };
  const posted = await api('POST', '/v1/events', history.map((e) => JSON.stringify(e)).join('\n') + '\n');
  assert.equal(posted.status, 200);
  assert.equal(posted.json.rejected, 0, JSON.stringify(posted.json.results.filter((r) => r.status !== 'accepted')));
  // Accepted means durable; the engine applies a moment later. The last event is the hostile
  // message: once its moderation decision shows, the whole history has been applied.
  for (let i = 0; i < 240; i++) {
    const q = (await api('GET', '/v1/moderation/queue')).json.decisions;
    if (q.some((d) => d.msg_id === 'xss1')) break;
    await new Promise((r) => setTimeout(r, 250));
  }

  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
    timeout: TIMEOUT,
  });
  context.setDefaultTimeout(TIMEOUT);
  const page = context.pages()[0] || await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });

  // Login: a bad token is refused, the owner's token gets in.
  await page.goto(base + '/');
  await page.fill('#token', 'shoal_not-a-real-token');
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('#login-error:not(:empty)');
  assert.match(await page.textContent('#login-error'), /Login refused/);
  await shot('01-login-refused');
  await page.fill('#token', owner.token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('.card[data-community="c"]');
  const cookies = await context.cookies(base);
  const session = cookies.find((c) => c.name === 'shoal_session');
  assert.ok(session && session.httpOnly && session.sameSite === 'Strict', JSON.stringify(cookies));
  assert.equal(await page.evaluate(() => document.cookie), '', 'the session cookie is invisible to scripts');

  // Overview: the numbers are the API's.
  const overview = (await api('GET', '/v1/overview')).json;
  for (const c of overview.communities) {
    const card = page.locator(`.card[data-community="${c.id}"]`);
    assert.equal(await card.locator('[data-stat="messages_7d"] dd').textContent(), String(c.messages_7d));
    assert.equal(await card.locator('[data-stat="members"] dd').textContent(), String(c.members));
    assert.equal(await card.locator('[data-stat="groups"] dd').textContent(), String(c.groups));
  }
  assert.ok(overview.communities[0].messages_7d > 0);
  await shot('02-overview');

  // The group health table shows the hostile group name as text.
  await page.click('a[data-page="groups"]');
  await page.waitForSelector('table tbody tr');
  assert.ok(await page.getByText(HOSTILE_NAME, { exact: true }).isVisible());
  await shot('03-groups');

  // Growth: funnels, channels and campaigns per community.
  await page.click('a[data-page="growth"]');
  await page.waitForSelector('.card[data-community="c"] h3');
  assert.ok(await page.locator('.card[data-community="c"] td', { hasText: /^paid$/ }).isVisible(), 'funnel step shown');
  await shot('03b-growth');

  // A group's page draws its chart.
  await page.goto(base + '/#/group/' + encodeURIComponent('qq:1'));
  await page.waitForSelector('#activity-chart canvas');
  const box = await page.locator('#activity-chart canvas').first().boundingBox();
  assert.ok(box && box.width > 200 && box.height > 100, JSON.stringify(box));
  await page.waitForTimeout(300);  // let the first frame paint before the screenshot
  await shot('04-group-chart');

  // Moderation: the hostile text is visible as text; undo the spam decision with one click.
  await page.click('a[data-page="moderation"]');
  await page.waitForSelector('tr[data-decision]');
  assert.ok(await page.locator('td.chat-text', { hasText: HOSTILE }).isVisible(), 'hostile text shown verbatim');
  const queue = (await api('GET', '/v1/moderation/queue')).json.decisions;
  const spam = queue.find((d) => d.msg_id === 'spam1');
  assert.ok(spam && !spam.undone);
  const row = page.locator(`tr[data-decision="${spam.id}"]`);
  await row.locator('button.undo').click();
  await page.waitForSelector(`tr[data-decision="${spam.id}"].undone`);
  assert.match(await page.locator(`tr[data-decision="${spam.id}"] td.label`).textContent(), /ham/);
  const after = (await api('GET', '/v1/moderation/queue')).json.decisions.find((d) => d.id === spam.id);
  assert.equal(after.undone, true);
  assert.equal(after.label, 'ham');
  await shot('05-moderation-undo');

  // Member: the queue links to the member's profile; the search box opens any member.
  await row.locator('a.member-link').click();
  await page.waitForSelector('#profile[data-member="qq:21"]');
  assert.equal(await page.textContent('#profile .member-name'), 'spammer');
  await page.goto(base + '/#/member/' + encodeURIComponent('qq:11'));
  await page.waitForSelector('#profile[data-member="qq:11"]');
  const profile = (await api('GET', '/v1/members/qq%3A11')).json;
  assert.equal(await page.textContent('#member-level strong'), profile.level);
  assert.ok(profile.level_reason && (await page.textContent('#member-level')).includes(profile.level_reason));
  assert.ok(await page.locator('#profile tr[data-group="qq:1"]').isVisible());
  assert.ok(await page.locator('#profile td', { hasText: /^paid$/ }).isVisible(), 'conversion shown');
  await shot('06a-member');
  await page.fill('#member-id', 'qq:14');
  await page.click('#member-search button[type=submit]');
  await page.waitForSelector('#profile[data-member="qq:14"]');
  assert.equal(await page.textContent('#profile .member-name'), HOSTILE_MEMBER, 'hostile member name shown verbatim');
  await shot('06b-member-hostile-name');
  await page.fill('#member-id', 'qq:404');
  await page.click('#member-search button[type=submit]');
  await page.waitForSelector('#member-error');
  assert.match(await page.textContent('#member-error'), /unknown member/);

  // Calendar: the planned posts by day, with their target groups and rendered text.
  await page.goto(base + '/#/calendar?from=2026-01-09&to=2026-01-15');
  await page.waitForSelector('section.day');
  const cal = (await api('GET', '/v1/plans/calendar?from=2026-01-09&to=2026-01-15')).json;
  assert.equal(cal.count, 4);
  assert.equal(await page.textContent('#calendar-count'), `${cal.count} planned post(s)`);
  assert.deepEqual(await page.locator('section.day').evaluateAll((s) => s.map((n) => n.dataset.day)), ['2026-01-10', '2026-01-12']);
  assert.equal(await page.locator('section.day[data-day="2026-01-10"] .targets a').count(), 3);
  assert.ok(await page.locator('.post .chat-text', { hasText: `早上好 ${HOSTILE_NAME}` }).isVisible(), 'rendered text shown verbatim');
  await shot('06c-calendar');
  await page.goto(base + '/#/calendar?from=2026-01-01&to=2026-04-01');
  await page.waitForSelector('#calendar-error');
  assert.match(await page.textContent('#calendar-error'), /at most 62 days/);

  // Live feed: a hostile message arriving over the WebSocket is shown as text too.
  await page.click('a[data-page="live"]');
  await page.waitForFunction(() => document.querySelector('#live-status')?.textContent.includes('connected') &&
    !document.querySelector('#live-status')?.textContent.includes('dis'));
  const live = await api('POST', '/v1/events', JSON.stringify({ type: 'message', ts: ts(5, 120), group: 'qq:3', member: 'qq:31',
    name: 'm31', text: HOSTILE, msg_id: 'xss2' }) + '\n');
  assert.equal(live.json.accepted, 1);
  await page.locator('#live-list li .chat-text', { hasText: HOSTILE }).first().waitFor();
  await shot('06-live');

  // Switch language; the page re-renders in Chinese.
  await page.selectOption('#lang', 'zh-CN');
  await page.waitForSelector('a[data-page="overview"]:text("总览")');
  await page.click('a[data-page="overview"]');
  await page.waitForSelector('.card[data-community="c"]');
  await shot('07-overview-zh');
  await page.goto(base + '/#/calendar?from=2026-01-09&to=2026-01-15');
  await page.waitForSelector('section.day');
  assert.equal(await page.textContent('#calendar-count'), '4 条计划发送');
  await shot('07b-calendar-zh');
  await page.goto(base + '/#/member/' + encodeURIComponent('qq:11'));
  await page.waitForSelector('#profile[data-member="qq:11"]');
  await shot('07c-member-zh');

  assert.equal(await page.evaluate(() => window.__xss), undefined, 'injected script ran');
  const csp = problems.filter((p) => /Content Security Policy|Refused to/.test(p));
  assert.deepEqual(csp, [], 'the build runs under the CSP');
  assert.deepEqual(problems.filter((p) => p.startsWith('dialog')), []);

  // A viewer of community d sees only d.
  await page.click('#logout');
  await page.waitForSelector('#login-form');
  await page.fill('#token', viewer.token);
  await page.click('#login-form button[type=submit]');
  await page.waitForSelector('.card[data-community="d"]');
  assert.equal(await page.locator('.card').count(), 1);
  await shot('08-viewer-d');
  await page.goto(base + '/#/calendar?from=2026-01-09&to=2026-01-15');
  await page.waitForSelector('section.day');
  assert.equal(await page.textContent('#calendar-count'), '2 条计划发送', 'only community d\'s posts');
  await page.goto(base + '/#/member/' + encodeURIComponent('qq:11'));
  await page.waitForSelector('#member-error');
  assert.equal(await page.locator('#profile').count(), 0, 'a member of c is hidden from a viewer of d');
  console.log(`browser: all checks passed; screenshots in ${artifacts}`);
}

try {
  await main();
} catch (err) {
  console.error(err);
  if (serverLog) console.error(`--- server log ---\n${serverLog.slice(-4000)}`);
  process.exitCode = 1;
} finally {
  if (context) await context.close().catch(() => {});
  server.kill('SIGTERM');
  fs.rmSync(tmp, { recursive: true, force: true });
}
