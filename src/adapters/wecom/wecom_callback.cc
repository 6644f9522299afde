#include "adapters/wecom/wecom_callback.h"

#include <map>

#include <spdlog/spdlog.h>

#include "adapters/wecom/wecom_crypto.h"

namespace shoal {

WecomCallback::WecomCallback(WecomOptions options) : options_(std::move(options)) {}

bool WecomCallback::Init(std::string* why) {
  if (options_.token.empty()) {
    if (why) *why = "token: missing (the callback Token from the admin console)";
    return false;
  }
  if (options_.corp_id.empty()) {
    if (why) *why = "corp_id: missing";
    return false;
  }
  return DecodeWecomAesKey(options_.aes_key, &key_, why);
}

void WecomCallback::VerifyUrl(const WecomQuery& query, const Reply& reply) {
  if (!WecomSignatureMatches(query.msg_signature, options_.token, query.timestamp, query.nonce, query.echostr)) {
    ++counters_.refused;
    return reply(403, "bad msg_signature");
  }
  std::string plain, why;
  if (!WecomDecrypt(key_, query.echostr, options_.corp_id, &plain, &why)) {
    ++counters_.refused;
    return reply(400, "echostr: " + why);
  }
  reply(200, plain);  // exactly as decrypted: WeCom compares it byte for byte
}

bool WecomCallback::Open(const WecomQuery& query, std::string_view body, std::string* xml, std::string* why) const {
  WecomXml envelope;
  if (!ParseWecomXml(body, &envelope, why)) {
    if (why) *why = "envelope: " + *why;
    return false;
  }
  std::string encrypt = envelope.Get("Encrypt");
  if (encrypt.empty()) {
    if (why) *why = "envelope: no Encrypt element";
    return false;
  }
  if (!WecomSignatureMatches(query.msg_signature, options_.token, query.timestamp, query.nonce, encrypt)) {
    if (why) *why = "bad msg_signature";
    return false;
  }
  return WecomDecrypt(key_, encrypt, options_.corp_id, xml, why);
}

void WecomCallback::FillJoinStates(WecomChange* change) {
  if (!api_ || change->kind != "add_member") return;
  bool missing = false;
  for (const Event& e : change->events) missing |= e.type == EventType::kJoin && e.via.empty();
  if (!missing) return;
  ++counters_.lookups;
  std::vector<WecomGroupMember> members;
  DeliveryResult r = api_->GroupChat(change->chat_id, &members);
  if (r.code != DeliveryResult::Code::kDelivered) {
    ++counters_.lookup_failures;
    spdlog::warn("wecom: joins to {} logged without their channel: {}", change->chat_id, r.detail);
    return;
  }
  std::map<std::string, const WecomGroupMember*> by_id;
  for (const auto& m : members) by_id["wecom:" + m.userid] = &m;
  for (Event& e : change->events) {
    auto it = by_id.find(e.member);
    if (it == by_id.end()) continue;  // gone again before the lookup
    if (e.via.empty() && !it->second->state.empty()) e.via = it->second->state;
    if (e.name.empty() && !it->second->name.empty()) e.name = it->second->name;
  }
}

void WecomCallback::HandleEvent(const WecomQuery& query, std::string_view body, EventSink* sink, Reply reply) {
  std::string xml, why;
  if (!Open(query, body, &xml, &why)) {
    ++counters_.refused;
    return reply(why == "bad msg_signature" ? 403 : 400, why);
  }
  WecomXml message;
  WecomChange change;
  if (!ParseWecomXml(xml, &message, &why) || !ParseWecomChange(message, &change, &why)) {
    ++counters_.refused;
    return reply(400, "message: " + why);
  }
  if (!change.kind.empty()) ++counters_.changes;
  FillJoinStates(&change);
  if (change.events.empty()) {
    ++counters_.ignored;
    return reply(200, "success");
  }
  counters_.events += change.events.size();
  sink->Submit(std::move(change.events), [reply = std::move(reply)](EventSink::Ack ack) {
    // WeCom retries a callback that is not answered in time or not with success.
    if (!ack.stored) return reply(503, "the event log is unavailable; retry");
    reply(200, "success");
  });
}

}  // namespace shoal
