#include "moderation/detectors/contact.h"

#include <algorithm>
#include <array>
#include <string>

namespace shoal {
namespace {

bool IsDigitB(char c) { return c >= '0' && c <= '9'; }
bool IsAlphaB(char c) { return c >= 'a' && c <= 'z'; }
bool IsAlnumB(char c) { return IsDigitB(c) || IsAlphaB(c); }
bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Words that, right before a number or an id, say "this is how to reach me".
enum class Cue { kNone, kQq, kWechat, kPhone, kGroup, kGeneric };

Cue CueBefore(std::string_view t, size_t start) {
  // Skip what usually sits between the cue and the number: spaces, ':', '=', '号', '是'.
  size_t p = start;
  for (;;) {
    if (p > 0 && (t[p - 1] == ' ' || t[p - 1] == ':' || t[p - 1] == '=' || t[p - 1] == '-' || t[p - 1] == '#')) {
      --p;
      continue;
    }
    std::string_view head = t.substr(0, p);
    bool skipped = false;
    for (std::string_view w : {"号码", "号", "是", "为", "码"}) {
      if (EndsWith(head, w)) {
        p -= w.size();
        skipped = true;
        break;
      }
    }
    if (!skipped) break;
  }
  std::string_view head = t.substr(0, p);
  static const std::array<std::pair<std::string_view, Cue>, 32> kCues = {{
      {"qq", Cue::kQq},         {"q", Cue::kQq},          {"扣扣", Cue::kQq},      {"扣", Cue::kQq},
      {"企鹅", Cue::kQq},       {"群", Cue::kGroup},      {"裙", Cue::kGroup},     {"vx", Cue::kWechat},
      {"wx", Cue::kWechat},     {"v", Cue::kWechat},      {"v信", Cue::kWechat},   {"微信", Cue::kWechat},
      {"微", Cue::kWechat},     {"薇", Cue::kWechat},     {"威", Cue::kWechat},    {"电话", Cue::kPhone},
      {"手机", Cue::kPhone},    {"tel", Cue::kPhone},     {"call", Cue::kPhone},   {"whatsapp", Cue::kPhone},
      {"联系", Cue::kGeneric},  {"加", Cue::kGeneric},    {"+", Cue::kGeneric},    {"找", Cue::kGeneric},
      {"私聊", Cue::kGeneric},  {"小号", Cue::kGeneric},  {"好友", Cue::kGeneric}, {"text", Cue::kPhone},
      {"wechat", Cue::kWechat}, {"weixin", Cue::kWechat}, {"tg", Cue::kGeneric},   {"dm", Cue::kGeneric},
  }};
  for (const auto& [w, cue] : kCues) {
    if (!EndsWith(head, w)) continue;
    // A one-letter cue must not be the end of a longer word ("mp" + "3…" is not a cue).
    if (w.size() <= 2 && IsAlphaB(w[0]) && head.size() > w.size() && IsAlphaB(head[head.size() - w.size() - 1]) &&
        !(w == "q" && EndsWith(head, "qq")))
      continue;
    return cue;
  }
  return Cue::kNone;
}

bool CueAfter(std::string_view t, size_t end) {
  std::string_view tail = t.substr(end, 8);
  while (!tail.empty() && (tail[0] == ' ' || tail[0] == ')')) tail.remove_prefix(1);
  for (std::string_view w : {"qq", "扣", "企鹅", "群", "加", "私"})
    if (tail.substr(0, w.size()) == w) return true;
  return false;
}

constexpr std::array<std::string_view, 52> kTlds = {
    "com", "cn",   "net",  "org",  "xyz",  "top",   "run",  "cc",    "me",   "io",      "vip",   "club", "site",
    "online", "shop", "link", "ly", "gg",  "ru",    "info", "biz",   "co",   "app",     "live",  "fun",  "icu",
    "ink",  "pw",   "ws",   "to",   "tk",   "ml",    "cf",   "ga",    "gq",   "su",      "cyou",  "buzz", "win",
    "bet",  "casino", "today", "store", "tech", "space", "website", "life", "love", "work", "tv", "hk", "tw"};

bool IsTld(std::string_view s) { return std::find(kTlds.begin(), kTlds.end(), s) != kTlds.end(); }

size_t UrlEnd(std::string_view t, size_t i) {
  while (i < t.size() && static_cast<unsigned char>(t[i]) > ' ' && static_cast<unsigned char>(t[i]) < 0x80) ++i;
  return i;
}

void Add(std::vector<Detection>* out, double score, std::string evidence) {
  for (const auto& d : *out)
    if (d.detector == "contact" && d.evidence == evidence) return;
  out->push_back({"contact", VerdictFor(score), score, std::move(evidence), "ad:contact"});
}

void Numbers(std::string_view t, std::vector<Detection>* out) {
  for (size_t i = 0; i < t.size();) {
    if (!IsDigitB(t[i])) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j < t.size() && IsDigitB(t[j])) ++j;
    size_t len = j - i;
    std::string_view num = t.substr(i, len);
    bool letter_before = i > 0 && IsAlphaB(t[i - 1]);
    bool letter_after = j < t.size() && IsAlphaB(t[j]);
    bool dotted = (i > 0 && t[i - 1] == '.') || (j < t.size() && t[j] == '.' && j + 1 < t.size() && IsDigitB(t[j + 1]));
    Cue cue = CueBefore(t, i);
    if (letter_before && cue != Cue::kQq && cue != Cue::kWechat) cue = Cue::kNone;
    bool cue_after = CueAfter(t, j);
    if (len >= 5 && len <= 12 && !dotted) {
      bool phone = len == 11 && t[i] == '1' && t[i + 1] >= '3' && t[i + 1] <= '9';
      if (phone) {
        Add(out, cue != Cue::kNone ? 0.97 : 0.9, "phone:" + std::string(num));
      } else if (cue == Cue::kQq || cue == Cue::kGroup || cue == Cue::kWechat) {
        const char* kind = cue == Cue::kGroup ? "group:" : cue == Cue::kWechat ? "wechat:" : "qq:";
        Add(out, 0.97, kind + std::string(num));
      } else if (cue != Cue::kNone || cue_after) {
        Add(out, len >= 6 ? 0.95 : 0.8, "qq:" + std::string(num));
      } else if (len >= 7 && !letter_before && !letter_after) {
        Add(out, 0.6, "number:" + std::string(num));
      }
    } else if (len >= 10 && len <= 15 && i > 0 && t[i - 1] == '+') {
      Add(out, 0.85, "phone:+" + std::string(num));
    }
    i = j;
  }
}

// WeChat ids: a cue then a letter-led id ("vx: abc_123", "v信 abc123", "+v abc123").
void WechatIds(std::string_view t, std::vector<Detection>* out) {
  for (std::string_view cue : {"vx", "wx", "v信", "微信", "薇信", "威信", "wechat", "weixin", "+v", "加v", "加微", "薇",
                               "徽信", "绿泡泡", "卫星"}) {
    for (size_t at = t.find(cue); at != std::string_view::npos; at = t.find(cue, at + 1)) {
      if (IsAlphaB(cue[0]) && at > 0 && IsAlphaB(t[at - 1])) continue;
      size_t p = at + cue.size();
      while (p < t.size() && (t[p] == ' ' || t[p] == ':' || t[p] == '=')) ++p;
      for (std::string_view w : {"号", "是"})
        if (t.substr(p, w.size()) == w) p += w.size();
      while (p < t.size() && (t[p] == ' ' || t[p] == ':')) ++p;
      size_t q = p;
      while (q < t.size() && (IsAlnumB(t[q]) || t[q] == '_' || t[q] == '-')) ++q;
      bool leads_with_letter = p < t.size() && IsAlphaB(t[p]);
      if (leads_with_letter && q - p >= 6 && q - p <= 20) {
        Add(out, 0.95, "wechat:" + std::string(t.substr(p, q - p)));
      } else if (cue == "+v" || cue == "加v" || cue == "加微" || cue == "vx" || cue == "v信" || cue == "薇信" || cue == "威信" ||
                 cue == "绿泡泡") {
        if (cue == "vx" && q > p) continue;  // "vx123…" is handled as a number
        Add(out, 0.7, "wechat-cue:" + std::string(cue));
      }
    }
  }
}

// TLDs that are also everyday English words: after a spaced dot they may just start the
// next sentence ("a great website. top notch"), so they need stronger evidence there.
bool IsWordTld(std::string_view tld) {
  for (std::string_view w : {"top", "net", "club", "site", "shop", "online", "info", "vip", "link", "live", "fun",
                             "win", "app", "store", "space", "life", "love", "work", "today", "tech", "website", "run",
                             "me", "to", "co", "tv", "ink", "bet", "casino", "gg", "ly", "ws", "su", "pw", "hk", "tw"})
    if (tld == w) return true;
  return false;
}

// Bare and obfuscated domains: a host ("shop88", "kw.v2mcfsip"), a dot, a known TLD. The dot
// may be spelled out (点 / 。 / "dot" / "(.)") or padded with spaces ("wqkj777. top",
// "xbiwl .cn", "weebly . com"); spaced forms count only when they cannot be two sentences.
void BareDomains(std::string_view t, std::vector<Detection>* out) {
  static const std::array<std::string_view, 7> kDots = {".", "点", "。", " dot ", "(.)", "[.]", "{.}"};
  for (std::string_view dot : kDots) {
    for (size_t at = t.find(dot); at != std::string_view::npos; at = t.find(dot, at + 1)) {
      bool plain = dot == ".";
      size_t host_end = at, pad = 0;
      // Spelled-out dots come with spaces ("shop88 点 com"); a plain one with at most two.
      while (host_end > 0 && t[host_end - 1] == ' ' && (!plain || pad < 2)) --host_end, ++pad;
      size_t e = at + dot.size();
      for (size_t n = 0; e < t.size() && t[e] == ' ' && (!plain || n < 2); ++n) ++e, ++pad;
      size_t s = e;
      while (e < t.size() && IsAlphaB(t[e])) ++e;
      if (e == s || (e < t.size() && IsDigitB(t[e]))) continue;
      std::string_view tld = t.substr(s, e - s);
      if (!IsTld(tld)) continue;
      // The host: labels joined by plain dots, read backwards from the dot.
      size_t b = host_end;
      while (b > 0 && (IsAlnumB(t[b - 1]) || t[b - 1] == '-' || t[b - 1] == '.')) --b;
      while (b < host_end && t[b] == '.') ++b;
      if (b == host_end) continue;
      std::string_view host = t.substr(b, host_end - b);
      std::string_view last = host.substr(host.rfind('.') == std::string_view::npos ? 0 : host.rfind('.') + 1);
      if (last.size() < 2) continue;
      if (b > 0 && (t[b - 1] == '/' || t[b - 1] == '@')) continue;  // part of a URL or an email address
      if (host.substr(0, 4) == "www." || host == "www") continue;    // Links reports those
      bool spaced = plain && pad > 0;
      bool digit = std::any_of(host.begin(), host.end(), IsDigitB);
      double score = plain ? 0.85 : 0.93;
      if (spaced) {
        size_t next = e;
        while (next < t.size() && t[next] == ' ') ++next;
        bool english_follows = next > e && next < t.size() && IsAlphaB(t[next]);
        size_t letters = std::count_if(host.begin(), host.end(), IsAlnumB);
        if (letters < 3 || (IsWordTld(tld) && !digit && (english_follows || letters < 5))) continue;
        // A digit or a long host name is an address; a short word ("mail. com") only a hint.
        score = digit || letters >= 6 || host.find('.') != std::string_view::npos || (e < t.size() && t[e] == '/')
                    ? 0.93
                    : 0.85;
      }
      Add(out, score, std::string(plain && !spaced ? "domain:" : "domain-obfuscated:") + std::string(host) + "." +
                          std::string(tld));
    }
  }
}

void Links(std::string_view t, std::vector<Detection>* out) {
  for (std::string_view scheme : {"http://", "https://", "www.", "t.me/", "telegram.me/", "wa.me/", "qm.qq.com",
                                  "discord.gg/"}) {
    for (size_t at = t.find(scheme); at != std::string_view::npos; at = t.find(scheme, at + 1)) {
      if (scheme == "www." && at > 0 && t[at - 1] == '/') continue;
      if (scheme == "t.me/" && at > 0 && IsAlnumB(t[at - 1])) continue;
      size_t end = UrlEnd(t, at);
      bool tg = scheme == "t.me/" || scheme == "telegram.me/" || scheme == "wa.me/" ||
                t.substr(at, end - at).find("t.me/") != std::string_view::npos;
      std::string url(t.substr(at, std::min<size_t>(end - at, 80)));
      Add(out, tg ? 0.95 : 0.9, (tg ? "tme:" : "url:") + url);
    }
  }
  BareDomains(t, out);
}

void Handles(std::string_view t, std::vector<Detection>* out) {
  bool leadout = false;
  for (std::string_view w : {"dm", "pm", "contact", "message me", "write to", "私聊", "联系", "加", "inbox", "telegram"})
    if (t.find(w) != std::string_view::npos) leadout = true;
  for (size_t at = t.find('@'); at != std::string_view::npos; at = t.find('@', at + 1)) {
    if (at > 0 && IsAlnumB(t[at - 1])) continue;  // an email address
    size_t e = at + 1;
    while (e < t.size() && (IsAlnumB(t[e]) || t[e] == '_')) ++e;
    if (e - at - 1 < 5 || !IsAlphaB(t[at + 1])) continue;
    Add(out, leadout ? 0.9 : 0.5, "handle:" + std::string(t.substr(at, e - at)));
  }
}

}  // namespace

void DetectContacts(std::string_view t, std::vector<Detection>* out) {
  Numbers(t, out);
  WechatIds(t, out);
  Links(t, out);
  Handles(t, out);
}

}  // namespace shoal
