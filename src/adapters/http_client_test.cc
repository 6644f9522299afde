#include "adapters/http_client.h"

#include <gtest/gtest.h>

#include "adapters/telegram/fake_telegram_server.h"

namespace shoal {
namespace {

TEST(HttpClient, ParsesBaseUrls) {
  HttpUrl u;
  std::string why;
  ASSERT_TRUE(ParseHttpUrl("https://api.telegram.org", &u, &why)) << why;
  EXPECT_EQ(u.scheme, "https");
  EXPECT_EQ(u.host, "api.telegram.org");
  EXPECT_EQ(u.port, "443");
  EXPECT_EQ(u.prefix, "");
  ASSERT_TRUE(ParseHttpUrl("http://127.0.0.1:8081/tg/", &u, &why));
  EXPECT_EQ(u.port, "8081");
  EXPECT_EQ(u.prefix, "/tg");
  EXPECT_FALSE(ParseHttpUrl("api.telegram.org", &u, &why));
  EXPECT_FALSE(ParseHttpUrl("ftp://x", &u, &why));
  EXPECT_FALSE(ParseHttpUrl("http://:80", &u, &why));
  EXPECT_FALSE(ParseHttpUrl("http://host:8x", &u, &why));
}

TEST(HttpClient, PlainCallAndTlsToAPlainServerFailsCleanly) {
  FakeTelegramServer fake("t");
  std::string why;
  ASSERT_TRUE(fake.Start(&why)) << why;
  HttpUrl url;
  ASSERT_TRUE(ParseHttpUrl(fake.base_url(), &url, &why));
  HttpCallResult ok = HttpPost(url, "/bott/sendMessage", "application/json", R"({"chat_id":1,"text":"x"})",
                               std::chrono::seconds(10));
  ASSERT_TRUE(ok.transport_ok) << ok.error;
  EXPECT_EQ(ok.status, 200);
  EXPECT_TRUE(ok.request_sent);
  EXPECT_NE(ok.body.find("\"ok\":true"), std::string::npos);

  // The same port spoken to as https: the handshake fails (no TLS there), it does not hang.
  url.scheme = "https";
  HttpCallResult tls = HttpPost(url, "/bott/sendMessage", "application/json", "{}", std::chrono::seconds(10));
  EXPECT_FALSE(tls.transport_ok);
  EXPECT_FALSE(tls.timed_out);
  EXPECT_EQ(tls.error.rfind("tls handshake", 0), 0u) << tls.error;
  EXPECT_FALSE(tls.request_sent);  // nothing reached the server: safe to send again
}

}  // namespace
}  // namespace shoal
