// The built dashboard, served from one directory. A request path is percent-decoded once and
// refused (400) when it holds "..", a backslash, a NUL or an encoded slash; the file is then
// resolved with realpath and served only if it still lies inside the root, so a symlink
// pointing out of the root is a 404 like a missing file. Every answer carries the CSP and
// nosniff headers; the error bodies never echo the file system.
#pragma once
#include <string>
#include <string_view>

#include "server/http_types.h"

namespace shoal {

inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'";

class StaticFiles {
 public:
  // `root` empty or missing: ok() is false and every request is a 404.
  explicit StaticFiles(const std::string& root);
  bool ok() const { return !root_.empty(); }
  const std::string& root() const { return root_; }

  // Answers a GET/HEAD for `target` (path and query). "/" serves index.html.
  HttpResponse Serve(const HttpRequest& req) const;

  // The content type of a file name by its extension ("application/octet-stream" if unknown).
  static std::string_view ContentType(std::string_view name);
  // The root-relative file a decoded URL path names, or false when the path is refused.
  static bool SafeRelativePath(std::string_view decoded, std::string* relative);

 private:
  std::string root_;  // realpath of the root, no trailing slash
};

// Sets the headers every dashboard answer carries (CSP, nosniff, no framing).
void SetSecurityHeaders(HttpResponse& res);

}  // namespace shoal
