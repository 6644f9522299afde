// GET /v1/live (WebSocket upgrade): who may watch which communities. The stream itself is
// in live_socket.cc; this only authenticates and narrows the grant by ?community=.
#include <nlohmann/json.hpp>

#include "server/api.h"

namespace shoal {

bool Api::AuthorizeLive(const HttpRequest& req, std::vector<std::string>* communities, HttpResponse* refusal) {
  auto refuse = [&](unsigned status, const std::string& why, const Grant* grant) {
    Audit(req, grant, status, why);
    *refusal = Json(req, status, nlohmann::json{{"error", why}}.dump());
    return false;
  };
  if (!live_) return refuse(404, "no live feed on this server", nullptr);
  std::string session, why;
  unsigned status = 401;
  const Grant* grant = Authenticate(req, &session, &status, &why);
  if (!grant) {
    ++metrics_->auth_failures;
    return refuse(status, why, nullptr);
  }
  // A browser attaches the cookie to a WebSocket from any page: the page must be ours.
  auto origin = req[boost::beast::http::field::origin];
  auto host = req[boost::beast::http::field::host];
  if (!session.empty() && !origin.empty()) {
    std::string_view o(origin.data(), origin.size());
    size_t scheme = o.find("://");
    if (scheme == std::string_view::npos || o.substr(scheme + 3) != std::string_view(host.data(), host.size())) {
      ++metrics_->forbidden;
      return refuse(403, "WebSocket from another origin refused", grant);
    }
  }
  std::string_view target(req.target().data(), req.target().size());
  std::string only = QueryParam(target, "community");
  communities->clear();
  if (!only.empty()) {
    if (!config_->FindCommunity(only) || !grant->Covers(only)) {
      ++metrics_->forbidden;
      return refuse(403, "community '" + only + "' is not in this token's communities", grant);
    }
    communities->push_back(only);
  } else {
    *communities = grant->communities;  // empty: tenant-wide
  }
  Audit(req, grant, 101, "live feed opened");
  return true;
}

}  // namespace shoal
