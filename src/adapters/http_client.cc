#include "adapters/http_client.h"

#include <boost/asio/connect.hpp>
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

HttpCallResult HttpPost(const HttpUrl& base, std::string_view target, std::string_view content_type,
                        std::string body, std::chrono::milliseconds timeout,
                        const std::vector<HttpHeader>& headers) {
  HttpCallResult result;
  if (base.scheme != "http") {
    result.error = "only http:// is supported in this build (no TLS yet); put a TLS-terminating proxy in front";
    return result;
  }
  // Asynchronous operations on a private io_context: beast::tcp_stream enforces its deadline
  // only on async operations, and the deadline is what keeps Deliver within its budget.
  asio::io_context ioc;
  beast::tcp_stream stream(ioc);
  tcp::resolver resolver(ioc);
  http::request<http::string_body> req{http::verb::post, base.prefix + std::string(target), 11};
  req.set(http::field::host, base.host + ":" + base.port);
  req.set(http::field::user_agent, "shoal/" SHOAL_VERSION);
  req.set(http::field::content_type, std::string(content_type));
  req.set(http::field::connection, "close");
  for (const auto& h : headers) req.set(h.name, h.value);
  req.body() = std::move(body);
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  beast::error_code failure;
  const char* stage = "resolve";

  auto fail = [&](const char* where, beast::error_code ec) {
    failure = ec;
    stage = where;
  };
  stream.expires_after(timeout);
  resolver.async_resolve(base.host, base.port, [&](beast::error_code ec, tcp::resolver::results_type endpoints) {
    if (ec) return fail("resolve", ec);
    stream.async_connect(endpoints, [&](beast::error_code ec, const tcp::endpoint&) {
      if (ec) return fail("connect", ec);
      http::async_write(stream, req, [&](beast::error_code ec, size_t) {
        if (ec) return fail("write", ec);
        http::async_read(stream, buffer, res, [&](beast::error_code ec, size_t) {
          if (ec) return fail("read", ec);
          beast::error_code ignored;
          stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
        });
      });
    });
  });
  ioc.run();
  if (failure) {
    result.timed_out = failure == beast::error::timeout;
    result.error = std::string(stage) + ": " + (result.timed_out ? "timed out" : failure.message());
    return result;
  }
  result.transport_ok = true;
  result.status = static_cast<int>(res.result_int());
  result.body = std::move(res.body());
  return result;
}

}  // namespace shoal
