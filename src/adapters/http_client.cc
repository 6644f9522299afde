#include "adapters/http_client.h"

#include <functional>

#include <boost/asio/connect.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace shoal {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

bool ParseHttpUrl(std::string_view url, HttpUrl* out, std::string* why) {
  size_t sep = url.find("://");
  if (sep == std::string_view::npos) {
    if (why) *why = "'" + std::string(url) + "' has no scheme (http://host:port)";
    return false;
  }
  out->scheme = std::string(url.substr(0, sep));
  if (out->scheme != "http" && out->scheme != "https") {
    if (why) *why = "scheme '" + out->scheme + "' is not http or https";
    return false;
  }
  std::string_view rest = url.substr(sep + 3);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  out->prefix = slash == std::string_view::npos ? "" : std::string(rest.substr(slash));
  while (!out->prefix.empty() && out->prefix.back() == '/') out->prefix.pop_back();
  size_t colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    out->host = std::string(authority.substr(0, colon));
    out->port = std::string(authority.substr(colon + 1));
  } else {
    out->host = std::string(authority);
    out->port = out->scheme == "https" ? "443" : "80";
  }
  if (out->host.empty() || out->port.empty() || out->port.find_first_not_of("0123456789") != std::string::npos) {
    if (why) *why = "'" + std::string(url) + "' has no usable host:port";
    return false;
  }
  return true;
}

namespace {

// The exchange over a connected stream (plain TCP or TLS): write the request, read the answer.
template <class Stream>
void WriteThenRead(Stream& stream, http::request<http::string_body>& req, beast::flat_buffer& buffer,
                   http::response<http::string_body>& res, bool* sent,
                   const std::function<void(const char*, beast::error_code)>& fail) {
  http::async_write(stream, req, [&stream, &buffer, &res, sent, fail](beast::error_code ec, size_t) {
    if (ec) return fail("write", ec);
    *sent = true;
    http::async_read(stream, buffer, res, [fail](beast::error_code ec, size_t) {
      if (ec) fail("read", ec);
    });
  });
}

// One TLS client context for the process: system trust roots, peers must prove their name.
asio::ssl::context& ClientTls() {
  static asio::ssl::context* ctx = [] {
    auto* c = new asio::ssl::context(asio::ssl::context::tls_client);
    c->set_default_verify_paths();
    c->set_verify_mode(asio::ssl::verify_peer);
    return c;
  }();
  return *ctx;
}

HttpCallResult Exchange(http::verb verb, const HttpUrl& base, std::string_view target, std::string_view content_type,
                        std::string body, std::chrono::milliseconds timeout, const std::vector<HttpHeader>& headers);

}  // namespace

HttpCallResult HttpPost(const HttpUrl& base, std::string_view target, std::string_view content_type,
                        std::string body, std::chrono::milliseconds timeout,
                        const std::vector<HttpHeader>& headers) {
  return Exchange(http::verb::post, base, target, content_type, std::move(body), timeout, headers);
}

HttpCallResult HttpGet(const HttpUrl& base, std::string_view target, std::chrono::milliseconds timeout,
                       const std::vector<HttpHeader>& headers) {
  return Exchange(http::verb::get, base, target, {}, {}, timeout, headers);
}

namespace {

HttpCallResult Exchange(http::verb verb, const HttpUrl& base, std::string_view target, std::string_view content_type,
                        std::string body, std::chrono::milliseconds timeout, const std::vector<HttpHeader>& headers) {
  HttpCallResult result;
  http::request<http::string_body> req{verb, base.prefix + std::string(target), 11};
  bool default_port = base.port == (base.scheme == "https" ? "443" : "80");
  req.set(http::field::host, default_port ? base.host : base.host + ":" + base.port);
  req.set(http::field::user_agent, "shoal/" SHOAL_VERSION);
  if (!content_type.empty()) req.set(http::field::content_type, std::string(content_type));
  req.set(http::field::connection, "close");
  for (const auto& h : headers) req.set(h.name, h.value);
  req.body() = std::move(body);
  if (verb != http::verb::get) req.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code failure;
  std::string stage;
  auto fail = [&](const char* where, beast::error_code ec) {
    failure = ec;
    stage = where;
  };

  // Asynchronous operations on a private io_context: beast::tcp_stream enforces its deadline
  // only on async operations, and the deadline is what keeps Deliver within its budget.
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  const bool tls = base.scheme == "https";
  beast::tcp_stream plain(ioc);
  beast::ssl_stream<beast::tcp_stream> secure(ioc, ClientTls());
  beast::tcp_stream& lowest = tls ? beast::get_lowest_layer(secure) : plain;
  if (tls) {
    // SNI, and the certificate must name this host.
    if (!SSL_set_tlsext_host_name(secure.native_handle(), base.host.c_str())) {
      result.error = "tls: cannot set the server name";
      return result;
    }
    secure.set_verify_callback(asio::ssl::host_name_verification(base.host));
  }
  lowest.expires_after(timeout);
  resolver.async_resolve(base.host, base.port, [&](beast::error_code ec, tcp::resolver::results_type endpoints) {
    if (ec) return fail("resolve", ec);
    lowest.async_connect(endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return fail("connect", ec);
      if (!tls) return WriteThenRead(plain, req, buffer, res, &result.request_sent, fail);
      secure.async_handshake(asio::ssl::stream_base::client, [&](beast::error_code ec) {
        if (ec) return fail("tls handshake", ec);
        WriteThenRead(secure, req, buffer, res, &result.request_sent, fail);
      });
    });
  });
  ioc.run();
  beast::error_code ignored;
  lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);  // Connection: close; no TLS close_notify needed
  if (failure) {
    result.timed_out = failure == beast::error::timeout;
    result.error = stage + ": " + (result.timed_out ? "timed out" : failure.message());
    return result;
  }
  result.transport_ok = true;
  result.status = static_cast<int>(res.result_int());
  result.body = std::move(res.body());
  return result;
}

}  // namespace

}  // namespace shoal
