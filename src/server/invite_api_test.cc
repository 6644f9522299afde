// The invite endpoints, called through Api::Handle (no sockets needed).
#include <future>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/api.h"
#include "store/memory_store.h"

namespace shoal {
namespace {

namespace http = boost::beast::http;

const std::string kOwner = "shoal_invite-test-owner";
const std::string kOpsD = "shoal_invite-test-ops-d";

class InviteApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Diagnostics diag;
    auto cfg = LoadConfigString(
        "tenant: t\ntimezone: Asia/Shanghai\nstore: {kind: memory}\n"
        "server:\n  tokens:\n"
        "    - {name: owner, role: owner, hash: \"" + HashApiToken(kOwner) + "\"}\n"
        "    - {name: ops-d, role: operator, communities: [d], hash: \"" + HashApiToken(kOpsD) + "\"}\n"
        "communities:\n  - id: c\n    groups:\n      - {id: \"qq:1\", name: G1}\n"
        // The live-code pool belongs to community c alone: its groups are c's.
        "    features:\n      livecode:\n        pools:\n"
        "          - {code: jobs, groups: [\"qq:1\"], capacity: 1, links: {\"qq:1\": \"https://t.me/+a\"}}\n"
        "  - id: d\n    groups:\n      - {id: \"qq:4\", name: G4}\n"
        "features:\n  invite:\n    link: \"https://j.example/{code}\"\n"
        "    codes:\n      - {code: poster, channel: poster}\n"
        "      - {code: old, expires: \"2026-01-01T00:00:00+08:00\"}\n",
        "<test>", &diag);
    ASSERT_TRUE(cfg) << diag.ToString();
    config_ = std::shared_ptr<const Config>(std::move(cfg));
    StoreStatus st;
    ingest_ = Ingest::Start(config_, &store_, {}, &metrics_, nullptr, &st);
    ASSERT_TRUE(ingest_) << st.ToString();
    api_ = std::make_unique<Api>(ingest_.get(), config_.get(), &metrics_);
  }
  void TearDown() override { ingest_->Stop(); }

  HttpResponse Call(http::verb verb, const std::string& target, const std::string& body = "",
                    const std::string& token = kOwner) {
    HttpRequest req{verb, target, 11};
    req.set(http::field::authorization, "Bearer " + token);
    req.body() = body;
    req.prepare_payload();
    std::promise<HttpResponse> done;
    api_->Handle(std::move(req), [&](HttpResponse&& r) { done.set_value(std::move(r)); });
    HttpResponse r = done.get_future().get();
    ingest_->SubmitAndWait({});  // the writer has applied everything before this returns
    return r;
  }

  std::shared_ptr<const Config> config_;
  MemoryStore store_;
  Metrics metrics_;
  std::unique_ptr<Ingest> ingest_;
  std::unique_ptr<Api> api_;
};

TEST_F(InviteApiTest, CreatesACodeThenServesItsDetailsAndQr) {
  HttpResponse made = Call(http::verb::post, "/v1/invites",
                           R"({"code":"partner-x","channel":"partner","uses":3,"ts":"2026-01-05T09:00:00+08:00"})");
  ASSERT_EQ(made.result_int(), 200u) << made.body();
  auto j = nlohmann::json::parse(made.body());
  EXPECT_EQ(j["code"], "partner-x");
  EXPECT_EQ(j["seq"], 1);

  HttpResponse details = Call(http::verb::get, "/v1/invites/partner-x");
  ASSERT_EQ(details.result_int(), 200u);
  auto d = nlohmann::json::parse(details.body());
  EXPECT_EQ(d["channel"], "partner");
  EXPECT_EQ(d["max_uses"], 3);
  EXPECT_EQ(d["link"], "https://j.example/partner-x");
  EXPECT_EQ(d["source"], "runtime");

  HttpResponse svg = Call(http::verb::get, "/v1/invites/partner-x/qr.svg");
  EXPECT_EQ(svg.result_int(), 200u);
  EXPECT_EQ(svg[http::field::content_type], "image/svg+xml");
  EXPECT_EQ(svg.body().rfind("<svg", 0), 0u);
  HttpResponse png = Call(http::verb::get, "/v1/invites/poster/qr.png");
  EXPECT_EQ(png.result_int(), 200u);
  EXPECT_EQ(png.body().substr(1, 3), "PNG");
}

TEST_F(InviteApiTest, RandomCodeWhenNoneGiven) {
  HttpResponse made = Call(http::verb::post, "/v1/invites", R"({"channel":"forum"})");
  ASSERT_EQ(made.result_int(), 200u) << made.body();
  std::string code = nlohmann::json::parse(made.body())["code"];
  EXPECT_EQ(code.size(), 10u);
  EXPECT_EQ(Call(http::verb::get, "/v1/invites/" + code).result_int(), 200u);
}

TEST_F(InviteApiTest, BadInputGetsAClearError) {
  EXPECT_EQ(Call(http::verb::get, "/v1/invites/nosuch").result_int(), 404u);
  EXPECT_EQ(Call(http::verb::get, "/v1/invites/nosuch/qr.png").result_int(), 404u);
  HttpResponse bad = Call(http::verb::post, "/v1/invites", R"({"code":"a b"})");
  EXPECT_EQ(bad.result_int(), 400u);
  EXPECT_NE(bad.body().find("not an invite code"), std::string::npos) << bad.body();
  EXPECT_EQ(Call(http::verb::post, "/v1/invites", "nope").result_int(), 400u);
  EXPECT_EQ(Call(http::verb::post, "/v1/invites", R"({"uses":"many"})").result_int(), 400u);
  HttpResponse group = Call(http::verb::post, "/v1/invites", R"({"code":"x","group":"qq:404"})");
  EXPECT_EQ(group.result_int(), 400u);
  EXPECT_NE(group.body().find("unknown group"), std::string::npos) << group.body();
  EXPECT_EQ(Call(http::verb::get, "/v1/invites").result_int(), 405u);
  EXPECT_EQ(Call(http::verb::put, "/v1/invites").result_int(), 405u);
  // Expired: the details say so, and no QR is served for it.
  HttpResponse old = Call(http::verb::post, "/v1/invites", R"({"code":"late","expires":"2026-01-05T10:00:00+08:00","ts":"2026-01-05T09:00:00+08:00"})");
  ASSERT_EQ(old.result_int(), 200u) << old.body();
  // An event after expiry moves engine time past it.
  ASSERT_EQ(Call(http::verb::post, "/v1/events",
                 R"({"type":"join","ts":"2026-01-05T11:00:00+08:00","group":"qq:1","member":"qq:7"})").result_int(), 200u);
  EXPECT_EQ(Call(http::verb::get, "/v1/invites/late/qr.svg").result_int(), 410u);
}

TEST_F(InviteApiTest, LiveCodeLeadsToTheGroupWithSeats) {
  HttpResponse r = Call(http::verb::get, "/v1/livecodes/jobs");
  ASSERT_EQ(r.result_int(), 200u) << r.body();
  auto j = nlohmann::json::parse(r.body());
  EXPECT_EQ(j["group"], "qq:1");
  EXPECT_EQ(j["link"], "https://t.me/+a");
  EXPECT_EQ(j["seats_left"], 1);
  ASSERT_EQ(Call(http::verb::post, "/v1/events",
                 R"({"type":"join","ts":"2026-01-05T11:00:00+08:00","group":"qq:1","member":"qq:7","via":"jobs"})").result_int(), 200u);
  j = nlohmann::json::parse(Call(http::verb::get, "/v1/livecodes/jobs").body());
  EXPECT_EQ(j["full"], true);
  EXPECT_FALSE(j.contains("group"));
  EXPECT_EQ(Call(http::verb::get, "/v1/livecodes/nosuch").result_int(), 404u);
}

TEST_F(InviteApiTest, AScopedTokenMakesCodesOnlyForItsOwnGroups) {
  EXPECT_EQ(Call(http::verb::post, "/v1/invites", R"({"channel":"forum","group":"qq:1"})", kOpsD).result_int(), 403u);
  EXPECT_EQ(Call(http::verb::post, "/v1/invites", R"({"channel":"forum"})", kOpsD).result_int(), 403u);
  EXPECT_EQ(Call(http::verb::post, "/v1/invites", R"({"channel":"forum","group":"qq:4"})", kOpsD).result_int(), 200u);
  EXPECT_EQ(Call(http::verb::post, "/v1/invites", R"({"channel":"forum"})", "").result_int(), 401u);
}

}  // namespace
}  // namespace shoal
