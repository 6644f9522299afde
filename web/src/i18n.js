// The dashboard's two languages. t(key) falls back to English, then to the key itself.
const messages = {
  en: {
    login: 'Log in', logout: 'Log out', token: 'API token', login_failed: 'Login refused',
    overview: 'Overview', groups: 'Groups', leaderboards: 'Leaderboards', moderation: 'Moderation', live: 'Live',
    community: 'Community', group_count: 'Groups', members: 'Members', messages_today: 'Messages today',
    messages_7d: 'Messages (7 days)', share_spoke_7d: 'Speaker share (7 days)', dying_groups: 'Dying groups',
    alerts: 'Alerts', name: 'Name', size: 'Size', stage: 'Lifecycle stage', as_of: 'As of',
    activity: 'Daily activity', messages: 'Messages', speakers: 'Speakers', joins: 'Joins', leaves: 'Leaves',
    rank: 'Rank', member: 'Member', points: 'Points', period: 'Period', no_boards: 'No running leaderboard.',
    decision: 'Decision', text: 'Message', reason: 'Reason', evidence: 'Evidence', actions: 'Actions', label: 'Label',
    undo: 'Undo', mark_spam: 'Spam', mark_ham: 'Not spam', undone: 'undone', by_staff: 'by staff', removed: 'removed', empty: 'Nothing here yet.',
    live_connecting: 'Connecting…', live_open: 'Live: connected', live_closed: 'Live: disconnected',
    prev: 'Previous', next: 'Next', loading: 'Loading…',
    growth: 'Growth', funnels: 'Funnels', channels: 'Channels', campaigns: 'Campaigns', step: 'Step', rate: 'Rate',
    channel: 'Channel', campaign: 'Campaign', conversions: 'Conversions',
    member_id: 'Member id', search: 'Open', inviter: 'Invited by', first_joined: 'First joined',
    last_active: 'Last active', active_days: 'Active days', invites: 'Invites', checkins: 'Check-ins',
    level: 'Level', tags: 'Tags', none: 'None', status: 'Status', present: 'in the group', left: 'left',
    joined: 'Joined', goal: 'Goal', value: 'Value', time: 'Time',
    calendar: 'Calendar', from: 'From', to: 'To', show: 'Show', planned_posts: 'planned post(s)',
    to_groups: 'To', assisted: 'assisted', direct: 'direct',
    mod_all: 'All', mod_pending: 'Pending', mod_labelled: 'Labelled', mod_undone: 'Undone', older: 'Older', newest: 'Newest',
  },
  'zh-CN': {
    login: '登录', logout: '退出', token: 'API 令牌', login_failed: '登录被拒绝',
    overview: '总览', groups: '群组', leaderboards: '排行榜', moderation: '审核', live: '实时',
    community: '社区', group_count: '群数', members: '成员', messages_today: '今日消息',
    messages_7d: '7 日消息', share_spoke_7d: '7 日发言占比', dying_groups: '趋冷群', alerts: '预警',
    name: '名称', size: '人数', stage: '生命周期', as_of: '截至',
    activity: '每日活跃', messages: '消息', speakers: '发言人数', joins: '入群', leaves: '退群',
    rank: '名次', member: '成员', points: '积分', period: '周期', no_boards: '暂无进行中的排行榜。',
    decision: '决定', text: '消息', reason: '原因', evidence: '证据', actions: '处理', label: '标注',
    undo: '撤销', mark_spam: '垃圾', mark_ham: '误判', undone: '已撤销', by_staff: '管理员操作', removed: '已删除', empty: '暂无内容。',
    live_connecting: '连接中…', live_open: '实时：已连接', live_closed: '实时：已断开',
    prev: '上一页', next: '下一页', loading: '加载中…',
    growth: '增长', funnels: '漏斗', channels: '渠道', campaigns: '活动', step: '步骤', rate: '转化率',
    channel: '渠道', campaign: '活动', conversions: '转化',
    member_id: '成员 ID', search: '打开', inviter: '邀请人', first_joined: '首次入群',
    last_active: '最近活跃', active_days: '活跃天数', invites: '邀请', checkins: '打卡',
    level: '等级', tags: '标签', none: '无', status: '状态', present: '在群', left: '已退群',
    joined: '入群日期', goal: '目标', value: '金额', time: '时间',
    calendar: '日历', from: '从', to: '到', show: '查看', planned_posts: '条计划发送',
    to_groups: '发往', assisted: '人工协助', direct: '直接发送',
    mod_all: '全部', mod_pending: '待处理', mod_labelled: '已标注', mod_undone: '已撤销', older: '更早', newest: '最新',
  },
};

let lang = localStorage.getItem('shoal.lang') || (navigator.language.startsWith('zh') ? 'zh-CN' : 'en');

export function t(key) {
  return (messages[lang] && messages[lang][key]) || messages.en[key] || key;
}

export function language() {
  return lang;
}

export function setLanguage(next) {
  lang = messages[next] ? next : 'en';
  localStorage.setItem('shoal.lang', lang);
  document.documentElement.lang = lang;
}
