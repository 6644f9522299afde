#include "adapters/xmpp/jid.h"

namespace shoal::xmpp {

std::string_view BareJid(std::string_view jid) {
  size_t slash = jid.find('/');
  return slash == std::string_view::npos ? jid : jid.substr(0, slash);
}

std::string_view JidResource(std::string_view jid) {
  size_t slash = jid.find('/');
  return slash == std::string_view::npos ? std::string_view() : jid.substr(slash + 1);
}

std::string XmppId(std::string_view jid) {
  std::string id(kIdPrefix);
  id += jid;
  return id;
}

std::string_view JidOfId(std::string_view id) {
  if (!id.starts_with(kIdPrefix)) return {};
  return id.substr(kIdPrefix.size());
}

}  // namespace shoal::xmpp
