#include "server/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "server/live_socket.h"

namespace shoal {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Api* api, const HttpOptions& options)
      : stream_(std::move(socket)), api_(api), options_(options) {
    beast::error_code ec;
    auto remote = stream_.socket().remote_endpoint(ec);
    if (!ec) peer_ = remote.address().to_string();
  }

  void Start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(options_.max_body_bytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(options_.read_timeout);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == http::error::body_limit) {
      // The rest of the body is never read, so the connection cannot be reused.
      HttpRequest head = parser_->get();  // headers only matter here
      head.keep_alive(false);
      nlohmann::json j;
      j["error"] = "body over the limit of " + std::to_string(options_.max_body_bytes) +
                   " bytes (server.max_body_bytes); split it into smaller requests";
      return Write(Api::Json(head, 413, j.dump()));
    }
    if (ec) return Close();  // end of stream, timeout, reset, malformed HTTP
    stream_.expires_never();  // the answer may wait for a group commit
    if (beast::websocket::is_upgrade(parser_->get())) return Upgrade(parser_->release());
    api_->Handle(
        parser_->release(),
        [self = shared_from_this()](HttpResponse&& res) {
          // Called from the writer thread: hop back onto this connection's strand.
          net::post(self->stream_.get_executor(), [self, res = std::make_shared<HttpResponse>(std::move(res))]() mutable {
            self->Write(std::move(*res));
          });
        },
        peer_);
  }

  // A WebSocket upgrade: only /v1/live takes one; the socket then leaves this session.
  void Upgrade(HttpRequest req) {
    std::string_view target(req.target().data(), req.target().size());
    HttpResponse refusal;
    std::vector<std::string> communities;
    if (target.substr(0, target.find('?')) != "/v1/live") {
      nlohmann::json j;
      j["error"] = "WebSocket only at /v1/live";
      return Write(Api::Json(req, 404, j.dump()));
    }
    if (!api_->AuthorizeLive(req, &communities, &refusal)) return Write(std::move(refusal));
    StartLiveSocket(stream_.release_socket(), std::move(req), api_->live_feed(), std::move(communities));
  }

  void Write(HttpResponse&& res) {
    response_ = std::make_shared<HttpResponse>(std::move(res));
    stream_.expires_after(options_.read_timeout);
    http::async_write(stream_, *response_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec || self->response_->need_eof()) return self->Close();
      self->response_.reset();
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
  std::shared_ptr<HttpResponse> response_;
  Api* api_;
  const HttpOptions& options_;
  std::string peer_;  // the client's address
};

}  // namespace

struct HttpServer::Impl {
  explicit Impl(int threads) : ioc(threads), acceptor(net::make_strand(ioc)) {}
  void Accept(Api* api, const HttpOptions* options) {
    acceptor.async_accept(net::make_strand(ioc), [this, api, options](beast::error_code ec, tcp::socket socket) {
      if (!acceptor.is_open()) return;
      if (!ec) std::make_shared<Session>(std::move(socket), api, *options)->Start();
      else spdlog::warn("accept failed: {}", ec.message());
      Accept(api, options);
    });
  }

  net::io_context ioc;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  Api* api = nullptr;
};

HttpServer::HttpServer(Api* api, HttpOptions options)
    : impl_(std::make_unique<Impl>(std::max(1, options.threads))), options_(options) {
  impl_->api = api;
}

HttpServer::~HttpServer() { Stop(); }

bool OpenListener(tcp::acceptor& a, const std::string& address, int port, std::string* why) {
  beast::error_code ec;
  auto addr = net::ip::make_address(address, ec);
  if (ec) {
    *why = "bad listen address '" + address + "': " + ec.message();
    return false;
  }
  tcp::endpoint ep(addr, static_cast<unsigned short>(port));
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    *why = "cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message();
    return false;
  }
  return true;
}

bool HttpServer::Listen(const std::string& address, int port, std::string* why) {
  if (!OpenListener(impl_->acceptor, address, port, why)) return false;
  port_ = impl_->acceptor.local_endpoint().port();
  return true;
}

void HttpServer::Start() {
  impl_->Accept(impl_->api, &options_);
  for (int i = 0; i < std::max(1, options_.threads); ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
}

void HttpServer::StopAccepting() {
  net::post(impl_->acceptor.get_executor(), [this] {
    beast::error_code ec;
    impl_->acceptor.close(ec);
  });
}

void HttpServer::Stop() {
  if (!impl_) return;
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
}

}  // namespace shoal
