// JIDs (RFC 7622) as the adapter needs them, and Shoal's XMPP ids: a group is
// "xmpp:<room bare JID>", a member "xmpp:<real bare JID>" when the room reveals it
// (non-anonymous, or the bot is a moderator) and "xmpp:<room>/<nick>" otherwise.
#pragma once
#include <string>
#include <string_view>

namespace shoal::xmpp {

inline constexpr std::string_view kIdPrefix = "xmpp:";

// "user@host/res" -> "user@host"; a JID without a resource is its own bare JID.
std::string_view BareJid(std::string_view jid);
// "room@muc/nick" -> "nick"; "" when there is no resource.
std::string_view JidResource(std::string_view jid);
// "xmpp:" + jid.
std::string XmppId(std::string_view jid);
// The JID inside an xmpp id ("xmpp:a@b" -> "a@b"); "" when the id is not an xmpp id.
std::string_view JidOfId(std::string_view id);

}  // namespace shoal::xmpp
