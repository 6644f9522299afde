// The Koishi app of the OneBot benchmark: the OneBot adapter on a reverse WebSocket
// (the peer dials ws://127.0.0.1:<port>/onebot), the in-memory database, and the two
// plugins equivalent to what Shoal runs. Prints "ready <port>" once listening.
//
//   node app.js <port> <self_id> <keyword,keyword,...>
const { Context, Logger } = require('koishi')
const http = require('@koishijs/plugin-http')
const server = require('@koishijs/plugin-server')
const memory = require('@koishijs/plugin-database-memory')
const onebot = require('koishi-plugin-adapter-onebot')

const [port, selfId, keywords] = process.argv.slice(2)
Logger.levels.base = 1  // errors only: logging each event would be measured too

const ctx = new Context()
ctx.plugin(http.default || http)
ctx.plugin(server.default || server, { host: '127.0.0.1', port: Number(port) })
ctx.plugin(memory.default || memory)
ctx.plugin(onebot.default || onebot, { selfId, protocol: 'ws-reverse', path: '/onebot' })
ctx.plugin(require('./keyword-filter'), { keywords: keywords.split(',') })
ctx.plugin(require('./checkin'), { keyword: '签到', points: 5 })
ctx.on('ready', () => console.log(`ready ${port}`))
ctx.start()
