// A blocking HTTP/1.1 client for adapters that call a platform's HTTP API: one request per
// connection, a hard deadline over connect + TLS handshake + write + read, no retries (the
// outbox owns those). https:// uses OpenSSL through Boost.Asio SSL with the system trust
// roots, SNI and host-name verification; http:// is for loopback fakes and local proxies.
#pragma once
#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

// "http://127.0.0.1:8081/prefix" -> scheme, host, port, path prefix ("" when none).
struct HttpUrl {
  std::string scheme;
  std::string host;
  std::string port;
  std::string prefix;
};
bool ParseHttpUrl(std::string_view url, HttpUrl* out, std::string* why);

struct HttpCallResult {
  bool transport_ok = false;  // false: no answer (refused, timed out, broken); see error
  bool timed_out = false;
  // The whole request was written before the failure: the server may have acted on it.
  bool request_sent = false;
  std::string error;
  int status = 0;
  std::string body;
};

struct HttpHeader {
  std::string name;
  std::string value;
};

// POSTs `body` to base + target. Never throws; never takes longer than about `timeout`.
HttpCallResult HttpPost(const HttpUrl& base, std::string_view target, std::string_view content_type,
                        std::string body, std::chrono::milliseconds timeout,
                        const std::vector<HttpHeader>& headers = {});
// GETs base + target (query included), with the same guarantees.
HttpCallResult HttpGet(const HttpUrl& base, std::string_view target, std::chrono::milliseconds timeout,
                       const std::vector<HttpHeader>& headers = {});

}  // namespace shoal
