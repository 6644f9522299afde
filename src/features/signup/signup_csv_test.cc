#include "features/signup/signup_csv.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace shoal {
namespace {

TEST(SignupCsv, QuotesWhatNeedsQuotingAndDefusesFormulas) {
  EXPECT_EQ(CsvField("张三"), "张三");
  EXPECT_EQ(CsvField("上海, 浦东"), "\"上海, 浦东\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("=HYPERLINK(1)"), "'=HYPERLINK(1)");
  EXPECT_EQ(CsvField("a\nb"), "\"a\nb\"");
}

TEST(SignupCsv, ParticipantsThenWaitingList) {
  auto a = nlohmann::json::parse(R"({
    "fields": ["姓名", "城市"],
    "entries": [{"n": 1, "member": "qq:8", "name": "小红", "values": ["李红", "上海, 浦东"],
                 "signed_up": "2026-11-23 10:01", "attended": "2026-11-28 08:30"}],
    "waitlist": [{"n": 1, "member": "qq:9", "name": "小刚", "values": ["王刚", "杭州"],
                  "signed_up": "2026-11-23 10:02", "attended": ""}]
  })");
  EXPECT_EQ(SignupCsv(a),
            "n,status,member,name,姓名,城市,signed_up,attended\n"
            "1,confirmed,qq:8,小红,李红,\"上海, 浦东\",2026-11-23 10:01,2026-11-28 08:30\n"
            "1,waiting,qq:9,小刚,王刚,杭州,2026-11-23 10:02,\n");
}

}  // namespace
}  // namespace shoal
