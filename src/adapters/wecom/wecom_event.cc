#include "adapters/wecom/wecom_event.h"

#include <charconv>

#include "core/unix_time.h"

namespace shoal {

namespace {

bool Fail(std::string* why, std::string message) {
  if (why) *why = std::move(message);
  return false;
}

bool ToInt(const std::string& text, int64_t* out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

// Members changed: newer pushes list <Item> children, older ones one comma-separated string.
std::vector<std::string> ChangedMembers(const WecomXml& xml) {
  auto it = xml.items.find("MemChangeList");
  if (it != xml.items.end() && !it->second.empty()) return it->second;
  std::vector<std::string> out;
  std::string list = xml.Get("MemChangeList");
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string id = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    size_t a = id.find_first_not_of(" \t\r\n"), b = id.find_last_not_of(" \t\r\n");
    if (a != std::string::npos) out.push_back(id.substr(a, b - a + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

bool ParseWecomChange(const WecomXml& xml, WecomChange* out, std::string* why) {
  *out = WecomChange();
  std::string event = xml.Get("Event");
  if (event.empty()) event = xml.Get("InfoType");  // third-party apps
  if (event != "change_external_chat") {
    out->ignored = event.empty() ? xml.Get("MsgType") : event;
    if (out->ignored.empty()) out->ignored = "unknown";
    return true;
  }
  out->chat_id = xml.Get("ChatId");
  if (out->chat_id.empty()) return Fail(why, "ChatId: missing");
  int64_t seconds = 0;
  if (!ToInt(xml.Get("CreateTime"), &seconds) && !ToInt(xml.Get("TimeStamp"), &seconds)) {
    return Fail(why, "CreateTime: missing or not a number");
  }
  std::string change = xml.Get("ChangeType");
  out->kind = change == "update" ? xml.Get("UpdateDetail") : change;
  if (out->kind.empty()) return Fail(why, change == "update" ? "UpdateDetail: missing" : "ChangeType: missing");
  out->member_version = xml.Get("CurMemVer");
  if (out->kind != "add_member" && out->kind != "del_member") {
    out->ignored = out->kind;  // create / dismiss / owner, name or notice changes: no member event
    return true;
  }
  Event base;
  base.type = out->kind == "add_member" ? EventType::kJoin : EventType::kLeave;
  base.ts.utc = MicrosFromUnixSeconds(seconds);
  base.ts.offset_minutes = 480;  // WeCom is in China: keep local time readable in the log
  base.group = "wecom:" + out->chat_id;
  if (base.type == EventType::kJoin) {
    base.via = xml.Get("State");
    int64_t scene = 0;
    if (ToInt(xml.Get("JoinScene"), &scene)) base.extra = "\"join_scene\":" + std::to_string(scene);
  } else {
    int64_t scene = 0;
    if (ToInt(xml.Get("QuitScene"), &scene)) {
      base.extra = "\"quit_scene\":" + std::to_string(scene);
      if (scene == 1) base.extra += ",\"removed\":true";  // removed by the owner or an admin
    }
  }
  for (const std::string& member : ChangedMembers(xml)) {
    Event e = base;
    e.member = "wecom:" + member;
    out->events.push_back(std::move(e));
  }
  if (out->events.empty()) out->ignored = out->kind + "_without_members";
  return true;
}

}  // namespace shoal
