// The HTTP API over the ingest pipeline: routes a request to its handler and
// answers through `reply` (possibly later, from the writer thread, once the
// events are durable). Every error answer is a JSON object with an "error" field.
#pragma once
#include <functional>
#include <string>

#include <boost/beast/http.hpp>

#include "server/ingest.h"
#include "server/metrics.h"

namespace shoal {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

class Api {
 public:
  Api(Ingest* ingest, const Config* config, Metrics* metrics) : ingest_(ingest), config_(config), metrics_(metrics) {}

  using Reply = std::function<void(HttpResponse&&)>;
  // Thread-safe; called from any I/O thread.
  void Handle(HttpRequest&& req, Reply reply);

  // A JSON answer with the request's version and keep-alive.
  static HttpResponse Json(const HttpRequest& req, unsigned status, std::string body);

 private:
  void PostEvents(HttpRequest&& req, Reply reply);
  void GroupStats(const HttpRequest& req, std::string_view id, const Reply& reply);
  // Invite codes (invite_api.cc): POST /v1/invites, GET /v1/invites/{code}[/qr.svg|/qr.png].
  void PostInvite(HttpRequest&& req, Reply reply);
  void GetInvite(const HttpRequest& req, std::string_view rest, const Reply& reply);
  // GET /v1/livecodes/{code}: the group a live code leads to now (invite_api.cc).
  void GetLiveCode(const HttpRequest& req, std::string_view code, const Reply& reply);

  Ingest* ingest_;
  const Config* config_;
  Metrics* metrics_;
};

// Decodes %XX escapes; false on a malformed escape.
bool PercentDecode(std::string_view in, std::string* out);

}  // namespace shoal
