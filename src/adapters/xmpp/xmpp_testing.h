// Helpers for the XMPP adapter's unit tests (header-only: not part of the product).
#pragma once
#include <string>

#include <gtest/gtest.h>

#include "adapters/xmpp/strophe_bridge.h"

namespace shoal::xmpp::testing {

inline XmlElement Xml(const std::string& text) {
  std::string why;
  auto e = ParseXml(text, &why);
  EXPECT_TRUE(e) << why << ": " << text;
  return e ? *e : XmlElement();
}

// The presence a MUC service sends for an occupant (muc#user item and status codes).
inline XmlElement OccupantPresence(const std::string& from, const std::string& real_jid, const std::string& role,
                                   const std::string& affiliation, const std::string& codes = "",
                                   const std::string& type = "") {
  std::string x = "<presence xmlns='jabber:client' from='" + from + "'" +
                  (type.empty() ? "" : " type='" + type + "'") +
                  "><x xmlns='http://jabber.org/protocol/muc#user'><item role='" + role + "' affiliation='" +
                  affiliation + "'" + (real_jid.empty() ? "" : " jid='" + real_jid + "'") + "/>";
  for (size_t i = 0; i + 3 <= codes.size(); i += 4) x += "<status code='" + codes.substr(i, 3) + "'/>";
  return Xml(x + "</x></presence>");
}

}  // namespace shoal::xmpp::testing
