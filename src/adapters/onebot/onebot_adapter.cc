#include "adapters/onebot/onebot_adapter.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <spdlog/spdlog.h>

#include "adapters/onebot/forward_ws.h"
#include "adapters/onebot/hmac_sha1.h"
#include "adapters/onebot/ws_session.h"
#include "server/api.h"          // PercentDecode
#include "server/http_server.h"  // OpenListener
#include "shoal/event_codec.h"

namespace shoal::onebot {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string_view AuthorizationToken(std::string_view header) {
  while (!header.empty() && header.back() == ' ') header.remove_suffix(1);
  size_t space = header.find(' ');
  if (space == std::string_view::npos) {
    // "Bearer " with an empty token reaches us trimmed (NapCat sends it when it has none).
    auto lower = [](std::string_view s, std::string_view word) {
      return s.size() == word.size() && std::equal(s.begin(), s.end(), word.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == b;
             });
    };
    return lower(header, "bearer") || lower(header, "token") ? std::string_view() : header;
  }
  header.remove_prefix(space + 1);
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  return header;
}

namespace {

bool SameSecret(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool ParseInt(std::string_view s, int64_t* out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return !s.empty() && ec == std::errc() && p == s.data() + s.size();
}

std::string QueryParam(std::string_view target, std::string_view name) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = target.substr(q + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    size_t eq = pair.find('=');
    if (pair.substr(0, eq) == name && eq != std::string_view::npos) {
      std::string value;
      return PercentDecode(pair.substr(eq + 1), &value) ? value : std::string();
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return {};
}

bool IsMessageCall(ActionType t) { return t == ActionType::kSend || t == ActionType::kAnnounce || t == ActionType::kDm; }

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, OneBotAdapter::Impl* impl) : stream_(std::move(socket)), impl_(impl) {}

  void Run() { net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); }); }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(impl_->options.max_frame_bytes);
    parser_->header_limit(16 * 1024);
    stream_.expires_after(std::chrono::seconds(30));
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    OneBotStats& stats = impl_->Stats();
    if (ec == http::error::body_limit) {
      uint64_t k = ++stats.oversized;
      if (ShouldLog(k)) spdlog::warn("onebot: HTTP body over {} bytes refused", impl_->options.max_frame_bytes);
      return Reply(413, "body over the limit", false);
    }
    if (ec) return Close();
    auto req = parser_->release();
    if (websocket::is_upgrade(req)) {
      int64_t self_id = 0;
      std::string why;
      if (unsigned status = impl_->CheckHandshake(req, &self_id, &why)) {
        uint64_t k = ++stats.refused;
        if (ShouldLog(k)) spdlog::warn("onebot: refused a WebSocket handshake ({}): {}", status, why);
        return Reply(status, why, false);
      }
      stream_.expires_never();
      std::make_shared<WsSession>(stream_.release_socket(), impl_, self_id, impl_->NextConnId())->Accept(std::move(req));
      return;
    }
    if (req.method() != http::verb::post)
      return Reply(405, "POST OneBot events here, or upgrade to a WebSocket", req.keep_alive());
    bool keep_alive = req.keep_alive();
    if (!impl_->options.secret.empty()) {
      auto sig = req["X-Signature"];
      if (!VerifySignature(impl_->options.secret, req.body(), std::string_view(sig.data(), sig.size()))) {
        uint64_t k = ++stats.bad_signatures;
        if (ShouldLog(k)) spdlog::warn("onebot: HTTP POST with a {} X-Signature refused", sig.empty() ? "missing" : "wrong");
        return Reply(403, "X-Signature does not match the body", keep_alive);
      }
    }
    int64_t self_id = 0;
    auto self_header = req["X-Self-ID"];
    ParseInt(std::string_view(self_header.data(), self_header.size()), &self_id);
    impl_->OnEvent(req.body(), self_id, [self = shared_from_this(), keep_alive](unsigned status) {
      net::post(self->stream_.get_executor(), [self, status, keep_alive] {
        self->Reply(status, status == 503 ? "events not stored; retry" : "", keep_alive);
      });
    });
  }

  void Reply(unsigned status, std::string body, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(static_cast<http::status>(status), 11);
    res->set(http::field::server, "shoal");
    res->keep_alive(keep_alive);
    if (!body.empty()) {
      res->set(http::field::content_type, "text/plain");
      res->body() = std::move(body) + "\n";
    }
    res->prepare_payload();
    stream_.expires_after(std::chrono::seconds(30));
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, size_t) {
      if (ec || res->need_eof()) return self->Close();
      self->Read();
    });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  OneBotAdapter::Impl* impl_;
};

}  // namespace

void OneBotAdapter::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (!ec) {
      // Calls and their answers are small frames: without this, Nagle's algorithm meeting
      // the peer's delayed ACK holds a call back by up to 40 ms.
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<HttpSession>(std::move(socket), this)->Run();
    }
    Accept();
  });
}

unsigned OneBotAdapter::Impl::CheckHandshake(const http::request<http::string_body>& req, int64_t* self_id,
                                             std::string* why) {
  auto header = req["X-Self-ID"];
  if (!ParseInt(std::string_view(header.data(), header.size()), self_id) || *self_id <= 0) {
    *why = "X-Self-ID missing or not a QQ number";
    return 403;
  }
  if (!options.accounts.empty() &&
      std::find(options.accounts.begin(), options.accounts.end(), *self_id) == options.accounts.end()) {
    *why = "account " + std::to_string(*self_id) + " is not in adapters.onebot.accounts";
    return 403;
  }
  if (options.access_token.empty()) return 0;
  auto auth = req[http::field::authorization];
  std::string token(AuthorizationToken(std::string_view(auth.data(), auth.size())));
  if (token.empty()) token = QueryParam(std::string_view(req.target().data(), req.target().size()), "access_token");
  if (token.empty()) {
    *why = "no access token (Authorization header or ?access_token=)";
    return 401;
  }
  if (!SameSecret(token, options.access_token)) {
    *why = "wrong access token from account " + std::to_string(*self_id);
    return 403;
  }
  return 0;
}

void OneBotAdapter::Impl::Register(const std::shared_ptr<WsSession>& session) {
  std::shared_ptr<WsSession> old;
  {
    std::lock_guard lock(mu);
    auto& slot = conns[session->self_id()];
    old = std::move(slot);
    slot = session;
  }
  ++owner->stats_.connections;
  spdlog::info("onebot: account {} connected{}", session->self_id(), old ? " (replacing its old connection)" : "");
  if (old) {
    old->Close();
    FailCalls(old->id());
  }
}

void OneBotAdapter::Impl::Unregister(WsSession* session) {
  {
    std::lock_guard lock(mu);
    auto it = conns.find(session->self_id());
    if (it != conns.end() && it->second.get() == session) conns.erase(it);
  }
  FailCalls(session->id());
}

void OneBotAdapter::Impl::FailCalls(uint64_t conn_id) {
  std::vector<std::shared_ptr<PendingCall>> lost;
  {
    std::lock_guard lock(mu);
    for (auto& [echo, call] : pending)
      if (call->conn_id == conn_id) lost.push_back(call);
  }
  for (auto& call : lost) call->Finish(std::nullopt);
}

OneBotAdapter::Impl::Impl(OneBotAdapter* owner, const OneBotOptions& options, EventSink* sink)
    : owner(owner), options(options), sink(sink), ioc(std::max(1, options.threads)), acceptor(net::make_strand(ioc)) {}

OneBotAdapter::Impl::~Impl() = default;

uint64_t OneBotAdapter::Impl::NextConnId() {
  std::lock_guard lock(mu);
  return ++next_conn_id;
}

FrameOutcome OneBotAdapter::Impl::OnWsFrame(int64_t self_id, std::string_view frame, Event* event) {
  if (frame.find("\"post_type\"") == std::string_view::npos) {
    DeliveryResult unmatched;
    if (OnAnswer(frame, &unmatched)) return FrameOutcome::kNone;
    // An answer to no call that refuses a token is the server's verdict on our handshake.
    bool refused = unmatched.detail.rfind("retcode 1401", 0) == 0 || unmatched.detail.rfind("retcode 1403", 0) == 0;
    return refused ? FrameOutcome::kAuthRefused : FrameOutcome::kNone;
  }
  return Take(frame, self_id, event) == 0 ? FrameOutcome::kEvent : FrameOutcome::kNone;
}

bool OneBotAdapter::Impl::OnAnswer(std::string_view frame, DeliveryResult* unmatched) {
  OneBotStats& stats = owner->stats_;
  ++stats.frames;
  std::string echo;
  DeliveryResult r = ParseResponse(frame, &echo);
  std::shared_ptr<PendingCall> call;
  {
    std::lock_guard lock(mu);
    if (auto it = pending.find(echo); it != pending.end()) {
      call = std::move(it->second);
      pending.erase(it);
    }
  }
  if (!call) {
    uint64_t k = ++stats.bad_frames;
    if (ShouldLog(k))
      spdlog::warn("onebot: a frame that is neither an event nor the answer to a call in flight (echo '{}'{}{})", echo,
                   r.detail.empty() ? "" : ": ", r.detail);
    if (unmatched) *unmatched = std::move(r);
    return false;
  }
  call->Finish(std::move(r));
  return true;
}

void OneBotAdapter::Impl::OnEvent(std::string_view frame, int64_t self_id, std::function<void(unsigned)> done) {
  Event event;
  if (unsigned status = Take(frame, self_id, &event)) return done(status);
  std::vector<Event> events;
  events.push_back(std::move(event));
  SubmitEvents(std::move(events), std::move(done));
}

unsigned OneBotAdapter::Impl::Take(std::string_view frame, int64_t self_id, Event* event) {
  OneBotStats& stats = owner->stats_;
  ++stats.frames;
  Parsed p = options.simd_parse ? ParseEvent(frame, options.offset_minutes) : ParseEventDom(frame, options.offset_minutes);
  if (p.self_id == 0) p.self_id = self_id;
  switch (p.kind) {
    case Parsed::Kind::kError: {
      if (IsResponseFrame(frame)) {  // an answer whose data happened to mention post_type
        --stats.frames;
        OnAnswer(frame);
        return 204;
      }
      uint64_t k = ++stats.bad_frames;
      if (ShouldLog(k)) spdlog::warn("onebot: bad frame from account {}: {}", self_id, p.error);
      return 400;
    }
    case Parsed::Kind::kHeartbeat: {
      uint64_t k = ++stats.heartbeats;
      if (!p.online && ShouldLog(k)) spdlog::warn("onebot: account {} reports itself offline", p.self_id);
      return 204;
    }
    case Parsed::Kind::kLifecycle:
      if (self_id != 0 && p.self_id != self_id)
        spdlog::warn("onebot: lifecycle {} says self_id {} on the connection of {}", p.sub_type, p.self_id, self_id);
      return 204;
    case Parsed::Kind::kIgnored:
      ++stats.ignored;
      spdlog::debug("onebot: {}", p.note);
      return 204;
    case Parsed::Kind::kEvent:
      break;
  }
  EventError err;
  if (!ValidateEvent(p.event, limits, &err)) {
    uint64_t k = ++stats.invalid_events;
    if (ShouldLog(k)) spdlog::warn("onebot: event from account {} refused: {}", p.self_id, err.ToString());
    return 204;  // resending will not make it valid
  }
  if (p.self_id != 0 && !p.event.group.empty()) {
    std::lock_guard lock(mu);
    group_account[p.event.group] = p.self_id;
  }
  *event = std::move(p.event);
  return 0;
}

void OneBotAdapter::Impl::SubmitEvents(std::vector<Event> events, std::function<void(unsigned)> done) {
  size_t n = events.size();
  sink->Submit(std::move(events), [this, n, done = std::move(done)](EventSink::Ack ack) {
    if (ack.stored && ack.accepted < n) {
      uint64_t k = owner->stats_.invalid_events += n - ack.accepted;
      if (ShouldLog(k) && !ack.errors.empty()) spdlog::warn("onebot: event refused: {}", ack.errors.front());
    }
    if (done) done(ack.stored ? 204 : 503);
  });
  owner->stats_.events += n;  // after the sink has them, so a later submission queues behind
}

OneBotAdapter::OneBotAdapter(OneBotOptions options, EventSink* sink)
    : options_(std::move(options)), impl_(std::make_unique<Impl>(this, options_, sink)) {
  impl_->group_account = options_.group_accounts;
  if (sodium_init() < 0) spdlog::critical("libsodium failed to initialise");
  uint64_t seed = options_.reconnect_seed != 0 ? options_.reconnect_seed : std::random_device()();
  for (size_t i = 0; i < options_.connect.size(); ++i) {
    const OneBotEndpoint& e = options_.connect[i];
    HttpUrl url;
    std::string why;
    if (!ParseWsUrl(e.url, &url, &why)) {  // config refused it already; a caller's options may not be checked
      spdlog::error("onebot: connect {}: {}; not dialed", e.url, why);
      continue;
    }
    impl_->connectors.push_back(std::make_shared<ForwardConnector>(impl_.get(), e, std::move(url), MixSeed(seed, i)));
  }
  for (const OneBotEndpoint& e : options_.http_api) {
    HttpApiTarget t;
    std::string why;
    if (!ParseHttpUrl(e.url, &t.base, &why)) {
      spdlog::error("onebot: http_api {}: {}; not used", e.url, why);
      continue;
    }
    t.access_token = e.access_token;
    impl_->http_api.emplace(e.account, std::move(t));
  }
}

OneBotAdapter::~OneBotAdapter() { Stop(); }

bool OneBotAdapter::Listen(std::string* why) {
  if (options_.listen == OneBotOptions::kNoListener) return true;
  if (OpenListener(impl_->acceptor, options_.listen, options_.port, why)) return true;
  *why = "onebot: " + *why;
  return false;
}

int OneBotAdapter::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void OneBotAdapter::Start() {
  impl_->Accept();
  for (auto& c : impl_->connectors) c->Start();
  for (int i = 0; i < std::max(1, options_.threads); ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void OneBotAdapter::Stop() {
  if (!impl_) return;
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
  std::vector<std::shared_ptr<PendingCall>> calls;
  {
    std::lock_guard lock(impl_->mu);
    for (auto& [echo, call] : impl_->pending) calls.push_back(call);
    impl_->pending.clear();
    impl_->conns.clear();
  }
  for (auto& call : calls) call->Finish(std::nullopt);
}

std::string OneBotAdapter::AccountFor(std::string_view group) const {
  std::lock_guard lock(impl_->mu);
  auto it = impl_->group_account.find(group);
  return it == impl_->group_account.end() ? std::string() : std::to_string(it->second);
}

std::vector<int64_t> OneBotAdapter::connected_accounts() const {
  std::lock_guard lock(impl_->mu);
  std::vector<int64_t> out;
  for (const auto& [id, conn] : impl_->conns) out.push_back(id);
  return out;
}

DeliveryResult OneBotAdapter::Deliver(const Action& action) {
  if (!Supports(caps_, action.type))
    return DeliveryResult::Unsupported("OneBot v11 has no call for " + std::string(ActionTypeName(action.type)));
  std::string call_json, why;
  if (!ActionToCall(action, &call_json, &why)) return DeliveryResult::Rejected(why);
  std::shared_ptr<WsSession> conn;
  const HttpApiTarget* http = nullptr;  // the account has no open WebSocket, but an HTTP API
  int64_t account = 0;
  auto call = std::make_shared<PendingCall>();
  {
    std::lock_guard lock(impl_->mu);
    auto served = action.type == ActionType::kDm ? impl_->group_account.end() : impl_->group_account.find(action.group);
    if (served != impl_->group_account.end()) {
      account = served->second;  // only this account is known to be in the group
      if (auto it = impl_->conns.find(account); it != impl_->conns.end()) conn = it->second;
    } else if (!impl_->conns.empty()) {
      account = impl_->conns.begin()->first;
      conn = impl_->conns.begin()->second;
    } else if (!impl_->http_api.empty()) {
      account = impl_->http_api.begin()->first;
    }
    if (!conn) {
      if (auto it = impl_->http_api.find(account); it != impl_->http_api.end()) http = &it->second;
    }
    if (!conn && !http)
      return DeliveryResult::Retry(account ? "account " + std::to_string(account) + " (serving " + action.group +
                                                 ") is not connected"
                                           : std::string("no OneBot account is connected"));
    if (conn) {
      call->conn_id = conn->id();
      impl_->pending[action.key] = call;
    }
  }
  if (http) {  // the map is fixed after construction: the target outlives the lock
    HttpApiCall c = CallHttpApi(*http, call_json, IsMessageCall(action.type), std::to_string(account),
                                options_.call_timeout);
    if (c.sent) ++stats_.calls;
    if (c.unanswered) ++stats_.call_timeouts;
    return c.result;
  }
  ++stats_.calls;
  conn->Send(std::move(call_json), call);
  std::unique_lock lock(call->mu);
  call->cv.wait_for(lock, options_.call_timeout, [&] { return call->finished; });
  bool answered = call->finished && call->answered;
  bool written = call->written;
  DeliveryResult result = call->result;
  lock.unlock();
  {
    std::lock_guard guard(impl_->mu);
    if (auto it = impl_->pending.find(action.key); it != impl_->pending.end() && it->second == call)
      impl_->pending.erase(it);
  }
  if (answered) return result;
  if (!written) return DeliveryResult::Retry("not sent: the connection to account " + std::to_string(account) + " closed");
  ++stats_.call_timeouts;
  std::string what = "no answer from account " + std::to_string(account) + " within " +
                     std::to_string(options_.call_timeout.count()) + " ms";
  return UnansweredCall(IsMessageCall(action.type), what);
}

}  // namespace shoal::onebot
