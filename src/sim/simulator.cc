#include "sim/simulator.h"

#include <algorithm>
#include <cmath>

#include "shoal/rng.h"

namespace shoal {

namespace {

const char* const kZhChat[] = {
    "大家早上好", "今天的分享太有用了，谢谢老师", "有人一起报名周末的活动吗", "收到", "这个方法我试过，确实有效",
    "哈哈哈哈", "昨天的直播有回放吗", "我也遇到过同样的问题", "同意楼上", "晚上好各位", "学到了👍",
    "周末有线下聚会吗", "打卡第一天，坚持！", "这个课程适合新手吗", "谢谢分享", "明天见",
    "刚入群，请多关照", "有没有人在北京", "今天面试通过了，开心", "推荐一本书：《原则》",
};
const char* const kEnChat[] = {
    "good morning everyone", "thanks for sharing, really useful", "anyone joining the meetup on saturday?",
    "same problem here", "agreed", "lol", "is there a recording of yesterday's session?", "welcome!",
    "just finished the exercise", "see you tomorrow", "great point", "I think the docs cover this",
    "new here, hi all", "how was the workshop?", "nice", "+1",
};
const char* const kZhQuestions[] = {
    "请问今晚的活动几点开始？", "怎么下载app？", "有人知道作业在哪里交吗？", "请问群公告在哪里看？",
    "新手应该从哪一课开始学？", "请问积分怎么兑换？",
};
const char* const kEnQuestions[] = {
    "what time does the event start tonight?", "how do I download the app?", "where do we submit the homework?",
    "how can I redeem points?", "which lesson should a beginner start with?",
};
const char* const kZhAnswers[] = {"晚上八点开始", "看群公告第二条", "应用商店搜索就有", "私信管理员就可以", "从第一课开始"};
const char* const kEnAnswers[] = {"8 pm tonight", "check the pinned message", "search the app store", "ask an admin", "start with lesson one"};
const char* const kAds[] = {
    "兼职日结，加微信 vx{n} 详聊", "高薪招聘刷单员，加QQ {n}，日赚500", "低价出售游戏账号 联系 V信：{n}",
    "免费领取资料，扫码进群 ➕V {n}", "Earn $500/day from home! Contact t.me/cashfast{n}",
    "网贷秒批，无视征信，加 {n}", "USDT跑分 日入过万 私聊",
};
const char* const kChannels[] = {"poster-2026", "forum", "partner-a", "qr-store"};

struct Person {
  std::string id;
  std::string name;
  double weight;  // expected messages per day
  int home;       // group index
  int join_day;   // -1: present before the history starts
  bool english;
  bool checker;
  bool advertiser;
  bool present = false;
  bool gone = false;
  std::string via;
};

std::string Pick(Rng& r, const char* const* list, size_t n) { return list[r.Below(n)]; }
template <size_t N>
std::string Pick(Rng& r, const char* const (&list)[N]) {
  return Pick(r, list, N);
}

// Minutes after local midnight, peaking at 9:00, 12:30 and 20:30 as chat groups do.
int ChatMinute(Rng& r) {
  double u = r.Unit();
  double center = u < 0.3 ? 9 * 60 : u < 0.55 ? 12.5 * 60 : 20.5 * 60;
  double spread = 90;
  // Sum of uniforms approximates a bell.
  double x = center + spread * (r.Unit() + r.Unit() + r.Unit() - 1.5);
  return std::clamp(static_cast<int>(x), 0, 24 * 60 - 1);
}

}  // namespace

SimStats Simulate(const SimOptions& o, const std::function<void(const Event&)>& sink) {
  Rng rng(MixSeed(o.seed, 0x5eed));
  SimStats stats;
  std::vector<std::string> groups = o.group_ids;
  if (groups.empty()) {
    for (int i = 0; i < std::max(1, o.groups); ++i) groups.push_back("qq:" + std::to_string(100001 + i));
  }
  int y = 2026;
  unsigned m = 1, d = 5;
  std::sscanf(o.start_day.c_str(), "%d-%u-%u", &y, &m, &d);
  int64_t day0 = DaysFromCivil(y, m, d);

  std::vector<Person> people;
  people.reserve(o.members);
  for (int i = 0; i < o.members; ++i) {
    Person p;
    p.id = "qq:" + std::to_string(200001 + i);
    p.english = rng.Unit() < o.lang_en_share;
    p.name = p.english ? "user" + std::to_string(i) : "成员" + std::to_string(i);
    // Pareto(alpha=1.1) scaled: most members lurk, a few dominate.
    double u = std::max(1e-9, rng.Unit());
    p.weight = std::min(60.0, 0.08 * std::pow(u, -1.0 / 1.1)) - 0.05;
    if (p.weight < 0) p.weight = 0;
    p.home = static_cast<int>(rng.Below(groups.size()));
    p.join_day = rng.Unit() < 0.6 ? -1 : static_cast<int>(rng.Below(std::max(1, o.days)));
    p.checker = rng.Unit() < o.checkin_share;
    p.advertiser = rng.Unit() < o.advertiser_share;
    if (p.advertiser) {
      p.weight = 0;
      p.join_day = static_cast<int>(rng.Below(std::max(1, o.days)));
      p.name = "福利" + std::to_string(i);
    }
    people.push_back(std::move(p));
  }

  struct Pending {
    Micros at;
    uint64_t order;
    Event e;
  };
  uint64_t msg_counter = 0, order = 0;
  auto stamp = [&](int64_t day, int minute, int second) {
    Timestamp ts;
    ts.offset_minutes = static_cast<int16_t>(o.utc_offset_minutes);
    Micros local = (day0 + day) * kMicrosPerDay + minute * kMicrosPerMinute + second * kMicrosPerSecond;
    ts.utc = local - o.utc_offset_minutes * kMicrosPerMinute;
    return ts;
  };

  for (int day = 0; day < o.days; ++day) {
    std::vector<Pending> today;
    auto push = [&](Event e) { today.push_back({e.ts.utc, order++, std::move(e)}); };
    auto message = [&](const Person& p, int group, int minute, std::string text, std::string reply_to = "") {
      Event e;
      e.type = EventType::kMessage;
      e.ts = stamp(day, minute, static_cast<int>(rng.Below(60)));
      e.group = groups[group];
      e.member = p.id;
      e.name = p.name;
      e.text = std::move(text);
      e.msg_id = "m" + std::to_string(++msg_counter);
      e.reply_to = std::move(reply_to);
      push(std::move(e));
      return "m" + std::to_string(msg_counter);
    };
    // Present at the start: joined before the history (no join event) — visible as soon as they speak.
    for (size_t i = 0; i < people.size(); ++i) {
      Person& p = people[i];
      if (p.gone) continue;
      if (p.join_day == day) {
        Event e;
        e.type = EventType::kJoin;
        e.ts = stamp(day, ChatMinute(rng), static_cast<int>(rng.Below(60)));
        e.group = groups[p.home];
        e.member = p.id;
        e.name = p.name;
        if (p.advertiser) {
          e.via = kChannels[rng.Below(4)];
        } else if (i > 0 && rng.Unit() < 0.4) {
          e.via = people[rng.Below(i)].id;  // invited by an earlier member
        } else {
          e.via = kChannels[rng.Below(4)];
        }
        p.via = e.via;
        p.present = true;
        Micros joined = e.ts.utc;
        push(std::move(e));
        ++stats.joins;
        if (p.advertiser) {
          // The same ad, shortly after joining, in several groups (it joins them all).
          std::string ad = Pick(rng, kAds);
          size_t pos = ad.find("{n}");
          if (pos != std::string::npos) ad.replace(pos, 3, std::to_string(100000 + rng.Below(900000)));
          int spread = 1 + static_cast<int>(rng.Below(std::min<size_t>(3, groups.size())));
          for (int k = 0; k < spread; ++k) {
            int g = (p.home + k) % static_cast<int>(groups.size());
            int minute = static_cast<int>((joined - stamp(day, 0, 0).utc) / kMicrosPerMinute) + 2 + k;
            if (k > 0) {
              Event j;
              j.type = EventType::kJoin;
              j.ts = stamp(day, std::min(minute, 24 * 60 - 1), 0);
              j.group = groups[g];
              j.member = p.id;
              j.name = p.name;
              j.via = p.via;
              push(std::move(j));
              ++stats.joins;
            }
            message(p, g, std::min(minute, 24 * 60 - 1), ad);
            ++stats.ads;
          }
        }
      }
      bool here = p.join_day < day || (p.join_day == day && !p.advertiser);
      if (!here || p.advertiser) continue;
      p.present = true;
      if (p.checker && rng.Unit() < 0.8) {
        message(p, p.home, 7 * 60 + static_cast<int>(rng.Below(180)), p.english ? "check in" : "签到");
        ++stats.checkins;
      }
      // Poisson by inversion; the weight is the daily mean.
      double l = std::exp(-p.weight), prod = rng.Unit();
      int n = 0;
      while (prod > l && n < 200) {
        ++n;
        prod *= rng.Unit();
      }
      for (int k = 0; k < n; ++k) {
        int minute = ChatMinute(rng);
        if (rng.Unit() < 0.06) {
          std::string q = p.english ? Pick(rng, kEnQuestions) : Pick(rng, kZhQuestions);
          std::string qid = message(p, p.home, minute, q);
          ++stats.questions;
          if (rng.Unit() < 0.75) {
            // Someone answers within minutes: staff or an active member.
            const Person* answerer = &people[rng.Below(people.size())];
            std::string by = !o.staff.empty() && rng.Unit() < 0.5 ? o.staff[rng.Below(o.staff.size())] : answerer->id;
            Event a;
            a.type = EventType::kMessage;
            a.ts = stamp(day, std::min(minute + 1 + static_cast<int>(rng.Below(20)), 24 * 60 - 1), static_cast<int>(rng.Below(60)));
            a.group = groups[p.home];
            a.member = by;
            a.name = by == answerer->id ? answerer->name : "管理员";
            a.text = p.english ? Pick(rng, kEnAnswers) : Pick(rng, kZhAnswers);
            a.msg_id = "m" + std::to_string(++msg_counter);
            a.reply_to = qid;
            push(std::move(a));
          }
        } else {
          message(p, p.home, minute, p.english ? Pick(rng, kEnChat) : Pick(rng, kZhChat));
        }
      }
      if (rng.Unit() < 0.004) {
        Event c;
        c.type = EventType::kConversion;
        c.ts = stamp(day, ChatMinute(rng), 0);
        c.member = p.id;
        bool paid = rng.Unit() < 0.3;
        c.goal = paid ? "paid" : "app_download";
        c.value = paid ? 199 : 0;
        push(std::move(c));
        ++stats.conversions;
      }
      if (rng.Unit() < o.daily_leave_rate) {
        Event e;
        e.type = EventType::kLeave;
        e.ts = stamp(day, 23 * 60 + static_cast<int>(rng.Below(59)), 0);
        e.group = groups[p.home];
        e.member = p.id;
        push(std::move(e));
        p.gone = true;
        ++stats.leaves;
      }
    }
    for (size_t s = 0; s < o.staff.size(); ++s) {
      for (size_t g = 0; g < groups.size(); ++g) {
        if (rng.Unit() < 0.3) {
          Event e;
          e.type = EventType::kMessage;
          e.ts = stamp(day, 10 * 60 + static_cast<int>(rng.Below(60)), static_cast<int>(rng.Below(60)));
          e.group = groups[g];
          e.member = o.staff[s];
          e.name = "管理员";
          e.text = "今日话题：分享一个你最近学到的小技巧";
          e.msg_id = "m" + std::to_string(++msg_counter);
          push(std::move(e));
        }
      }
    }
    std::sort(today.begin(), today.end(),
              [](const Pending& a, const Pending& b) { return a.at != b.at ? a.at < b.at : a.order < b.order; });
    for (auto& p : today) {
      if (p.e.type == EventType::kMessage) ++stats.messages;
      if (p.e.type == EventType::kMessage && p.e.text != "签到" && p.e.text != "check in") {
      }
      ++stats.events;
      sink(p.e);
    }
  }
  return stats;
}

}  // namespace shoal
