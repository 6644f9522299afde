// Koishi's side of Shoal's bench moderation: a message containing one of the keywords
// (case-insensitive substring, as Shoal's operator keywords after its lower-casing) is
// deleted and its sender kicked (not banned), the rule ladder the bench gives Shoal.
exports.name = 'bench-keyword-filter'

exports.apply = (ctx, config) => {
  const keywords = config.keywords.map((k) => k.toLowerCase())
  ctx.middleware(async (session, next) => {
    if (!session.guildId) return next()
    const text = (session.content || '').toLowerCase()
    if (!keywords.some((k) => text.includes(k))) return next()
    await Promise.all([
      session.bot.deleteMessage(session.channelId, session.messageId),
      session.bot.kickGuildMember(session.guildId, session.userId, false),
    ])
  }, true)  // before every other middleware, as moderation runs first in Shoal
}
