#include "adapters/xmpp/strophe_bridge.h"

#include <memory>
#include <mutex>
#include <vector>

namespace shoal::xmpp {

void EnsureStropheInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { xmpp_initialize(); });
}

XmlElement FromStanza(xmpp_stanza_t* stanza, std::string_view parent_ns) {
  XmlElement e;
  const char* name = xmpp_stanza_get_name(stanza);
  e.name = name ? name : "";
  const char* ns = xmpp_stanza_get_ns(stanza);
  e.ns = ns ? std::string(ns) : std::string(parent_ns);
  int count = xmpp_stanza_get_attribute_count(stanza);
  if (count > 0) {
    std::vector<const char*> kv(static_cast<size_t>(count) * 2);
    int n = xmpp_stanza_get_attributes(stanza, kv.data(), static_cast<int>(kv.size()));
    for (int i = 0; i + 1 < n; i += 2) {
      if (std::string_view(kv[i]) == "xmlns") continue;
      e.attrs.emplace_back(kv[i], kv[i + 1]);
    }
  }
  for (xmpp_stanza_t* c = xmpp_stanza_get_children(stanza); c; c = xmpp_stanza_get_next(c)) {
    if (xmpp_stanza_is_text(c)) {
      const char* t = xmpp_stanza_get_text_ptr(c);
      if (t) e.text += t;
    } else if (xmpp_stanza_is_tag(c)) {
      e.children.push_back(FromStanza(c, e.ns));
    }
  }
  return e;
}

xmpp_stanza_t* ToStanza(xmpp_ctx_t* ctx, const XmlElement& e, std::string_view parent_ns) {
  xmpp_stanza_t* s = xmpp_stanza_new(ctx);
  xmpp_stanza_set_name(s, e.name.c_str());
  if (e.ns != parent_ns) xmpp_stanza_set_ns(s, e.ns.c_str());
  for (const auto& [k, v] : e.attrs) xmpp_stanza_set_attribute(s, k.c_str(), v.c_str());
  if (!e.text.empty()) {
    xmpp_stanza_t* t = xmpp_stanza_new(ctx);
    xmpp_stanza_set_text_with_size(t, e.text.data(), e.text.size());
    xmpp_stanza_add_child(s, t);
    xmpp_stanza_release(t);  // the parent holds its own reference
  }
  for (const auto& c : e.children) {
    xmpp_stanza_t* cs = ToStanza(ctx, c, e.ns);
    xmpp_stanza_add_child(s, cs);
    xmpp_stanza_release(cs);
  }
  return s;
}

std::optional<XmlElement> ParseXml(std::string_view xml, std::string* why) {
  EnsureStropheInitialized();
  std::unique_ptr<xmpp_ctx_t, decltype(&xmpp_ctx_free)> ctx(xmpp_ctx_new(nullptr, nullptr), &xmpp_ctx_free);
  std::string text(xml);
  xmpp_stanza_t* s = xmpp_stanza_new_from_string(ctx.get(), text.c_str());
  if (!s) {
    if (why) *why = "not well-formed XML";
    return std::nullopt;
  }
  XmlElement e = FromStanza(s);
  xmpp_stanza_release(s);
  return e;
}

}  // namespace shoal::xmpp
