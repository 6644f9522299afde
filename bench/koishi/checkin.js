// Koishi's side of Shoal's check-in: the keyword alone, once per member per local day
// (Asia/Shanghai, from the event's own time as Shoal does), a streak, a fixed reward of
// points kept in the database, and a reply either way.
exports.name = 'bench-checkin'
exports.inject = ['database']

const kOffsetMs = 8 * 3600 * 1000

exports.apply = (ctx, config) => {
  ctx.model.extend('bench_checkin', {
    id: 'string', day: 'integer', streak: 'integer', total: 'integer', points: 'integer',
  }, { primary: 'id' })
  ctx.middleware(async (session, next) => {
    if (!session.guildId || (session.content || '').trim() !== config.keyword) return next()
    const name = session.author?.nick || session.author?.name || session.userId
    const day = Math.floor((session.timestamp + kOffsetMs) / 86400000)
    const id = `${session.platform}:${session.userId}`
    const [row] = await ctx.database.get('bench_checkin', id)
    if (row && row.day === day) return `${name} 今天已签到 连续${row.streak}天`
    const streak = row && row.day === day - 1 ? row.streak + 1 : 1
    const points = (row ? row.points : 0) + config.points
    await ctx.database.upsert('bench_checkin', [{ id, day, streak, total: (row ? row.total : 0) + 1, points }])
    return `${name} 签到成功 连续${streak}天 +${config.points}分`
  })
}
