#include "server/static_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace shoal {
namespace {

namespace fs = std::filesystem;
namespace http = boost::beast::http;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("shoal-static-" + std::to_string(getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(base_);
    fs::create_directories(base_ / "web" / "assets");
    Write(base_ / "web" / "index.html", "<!doctype html><title>shoal</title>");
    Write(base_ / "web" / "assets" / "app.js", "console.log(1)");
    Write(base_ / "web" / ".hidden", "dot file");
    Write(base_ / "secret.txt", "TOP SECRET");
    fs::create_symlink(base_ / "secret.txt", base_ / "web" / "leak.txt");
    fs::create_directory_symlink(base_, base_ / "web" / "up");
  }
  void TearDown() override { fs::remove_all(base_); }

  static void Write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }

  HttpResponse Get(const std::string& target) {
    StaticFiles files((base_ / "web").string());
    HttpRequest req{http::verb::get, target, 11};
    return files.Serve(req);
  }

  fs::path base_;
};

TEST_F(StaticFilesTest, ServesFilesWithTypesAndSecurityHeaders) {
  auto index = Get("/");
  EXPECT_EQ(index.result_int(), 200);
  EXPECT_EQ(index.body(), "<!doctype html><title>shoal</title>");
  EXPECT_EQ(std::string(index[http::field::content_type]), "text/html; charset=utf-8");
  EXPECT_EQ(std::string(index["Content-Security-Policy"]), std::string(kContentSecurityPolicy));
  EXPECT_EQ(std::string(index["X-Content-Type-Options"]), "nosniff");
  auto js = Get("/assets/app.js?v=1");
  EXPECT_EQ(js.result_int(), 200);
  EXPECT_EQ(js.body(), "console.log(1)");
  EXPECT_EQ(std::string(js[http::field::content_type]), "text/javascript; charset=utf-8");
  EXPECT_EQ(Get("/index.html").body(), index.body());
}

TEST_F(StaticFilesTest, RefusesTraversalInEveryEncoding) {
  for (const char* target : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
                             "/assets/%2e%2e%2f%2e%2e%2fsecret.txt", "/%252e%252e/secret.txt", "/..%5csecret.txt",
                             "/%00index.html", "/.hidden", "/bad%zz"}) {
    auto res = Get(target);
    EXPECT_EQ(res.result_int(), 400) << target;
    EXPECT_EQ(res.body().find("SECRET"), std::string::npos) << target;
    EXPECT_EQ(res.body().find(base_.string()), std::string::npos) << "no path leaked for " << target;
  }
}

TEST_F(StaticFilesTest, AbsolutePathsStayInsideTheRoot) {
  // "//etc/passwd" is the root-relative "etc/passwd", which does not exist under the root.
  auto res = Get("//etc/passwd");
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res.body().find("root:"), std::string::npos);
}

TEST_F(StaticFilesTest, SymlinksOutOfTheRootAreNotFound) {
  EXPECT_EQ(Get("/leak.txt").result_int(), 404);
  EXPECT_EQ(Get("/up/secret.txt").result_int(), 404);
  EXPECT_EQ(Get("/missing.js").result_int(), 404);
  EXPECT_EQ(Get("/assets").result_int(), 404) << "a directory without index.html";
}

TEST_F(StaticFilesTest, MissingRootServesNothing) {
  StaticFiles files((base_ / "nope").string());
  EXPECT_FALSE(files.ok());
  HttpRequest req{http::verb::get, "/", 11};
  EXPECT_EQ(files.Serve(req).result_int(), 404);
  EXPECT_FALSE(StaticFiles("/").ok()) << "the file-system root is never a web root";
}

TEST(StaticPathTest, SafeRelativePath) {
  std::string rel;
  EXPECT_TRUE(StaticFiles::SafeRelativePath("/", &rel));
  EXPECT_EQ(rel, "index.html");
  EXPECT_TRUE(StaticFiles::SafeRelativePath("/a//b.js", &rel));
  EXPECT_EQ(rel, "a/b.js");
  EXPECT_TRUE(StaticFiles::SafeRelativePath("/docs/", &rel));
  EXPECT_EQ(rel, "docs/index.html");
  EXPECT_FALSE(StaticFiles::SafeRelativePath("/a/./b", &rel));
  EXPECT_FALSE(StaticFiles::SafeRelativePath("relative", &rel));
}

}  // namespace
}  // namespace shoal
