#include "server/static_files.h"

#include "server/api.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

namespace shoal {

namespace http = boost::beast::http;

namespace {

HttpResponse Plain(const HttpRequest& req, http::status status, std::string_view body) {
  HttpResponse res{status, req.version()};
  res.set(http::field::server, "shoal");
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  SetSecurityHeaders(res);
  res.keep_alive(req.keep_alive());
  res.body() = std::string(body);
  res.prepare_payload();
  return res;
}

std::string RealPath(const std::string& path) {
  char buf[PATH_MAX];
  if (!realpath(path.c_str(), buf)) return "";
  return buf;
}

}  // namespace

void SetSecurityHeaders(HttpResponse& res) {
  res.set("Content-Security-Policy", std::string(kContentSecurityPolicy));
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "no-referrer");
}

StaticFiles::StaticFiles(const std::string& root) {
  if (root.empty()) return;
  std::string real = RealPath(root);
  struct stat st;
  if (real.empty() || stat(real.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return;
  root_ = real == "/" ? "" : real;  // serving "/" would publish the whole machine: refuse it
}

std::string_view StaticFiles::ContentType(std::string_view name) {
  struct Type {
    std::string_view ext, type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".ico", "image/x-icon"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& t : kTypes)
    if (name.ends_with(t.ext)) return t.type;
  return "application/octet-stream";
}

bool StaticFiles::SafeRelativePath(std::string_view decoded, std::string* relative) {
  relative->clear();
  if (decoded.empty() || decoded.front() != '/') return false;
  if (decoded.find('\0') != std::string_view::npos || decoded.find('\\') != std::string_view::npos) return false;
  std::string_view rest = decoded.substr(1);
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty()) continue;  // "//" is one separator; never an absolute path
    if (segment == "." || segment == ".." || segment.front() == '.') return false;  // no dot-files either
    if (!relative->empty()) relative->push_back('/');
    relative->append(segment);
  }
  if (relative->empty() || decoded.back() == '/') {
    if (!relative->empty()) relative->push_back('/');
    relative->append("index.html");
  }
  return true;
}

HttpResponse StaticFiles::Serve(const HttpRequest& req) const {
  std::string_view target(req.target().data(), req.target().size());
  std::string_view raw = target.substr(0, target.find('?'));
  std::string decoded, relative;
  // An encoded slash or a double encoding is never a file name the build produces.
  if (raw.find("%2f") != std::string_view::npos || raw.find("%2F") != std::string_view::npos ||
      raw.find("%25") != std::string_view::npos || !PercentDecode(raw, &decoded) ||
      !SafeRelativePath(decoded, &relative))
    return Plain(req, http::status::bad_request, "bad path\n");
  if (!ok()) return Plain(req, http::status::not_found, "no dashboard is installed (server.web_root)\n");
  std::string real = RealPath(root_ + "/" + relative);
  struct stat st;
  if (real.empty() || !real.starts_with(root_ + "/") || stat(real.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return Plain(req, http::status::not_found, "not found\n");
  std::ifstream in(real, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  if (!in) return Plain(req, http::status::not_found, "not found\n");
  HttpResponse res{http::status::ok, req.version()};
  res.set(http::field::server, "shoal");
  res.set(http::field::content_type, std::string(ContentType(relative)));
  // Vite names assets by content hash: they never change. index.html must be re-read.
  res.set(http::field::cache_control, relative.starts_with("assets/") ? "public, max-age=31536000, immutable" : "no-cache");
  SetSecurityHeaders(res);
  res.keep_alive(req.keep_alive());
  res.body() = body.str();
  res.prepare_payload();
  if (req.method() == http::verb::head) res.body().clear();
  return res;
}

}  // namespace shoal
