// XML namespaces of the XMPP extensions the adapter speaks (XEP numbers beside them).
#pragma once
#include <string_view>

namespace shoal::xmpp::ns {

inline constexpr std::string_view kClient = "jabber:client";
inline constexpr std::string_view kStanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";  // RFC 6120 errors
inline constexpr std::string_view kMuc = "http://jabber.org/protocol/muc";              // XEP-0045
inline constexpr std::string_view kMucUser = "http://jabber.org/protocol/muc#user";
inline constexpr std::string_view kMucAdmin = "http://jabber.org/protocol/muc#admin";
inline constexpr std::string_view kMucRequest = "http://jabber.org/protocol/muc#request";  // voice requests
inline constexpr std::string_view kDataForms = "jabber:x:data";                          // XEP-0004
inline constexpr std::string_view kDiscoInfo = "http://jabber.org/protocol/disco#info";  // XEP-0030
inline constexpr std::string_view kPing = "urn:xmpp:ping";                               // XEP-0199
inline constexpr std::string_view kDelay = "urn:xmpp:delay";                             // XEP-0203
inline constexpr std::string_view kStanzaId = "urn:xmpp:sid:0";                          // XEP-0359
inline constexpr std::string_view kReply = "urn:xmpp:reply:0";                           // XEP-0461
// XEP-0425 moderated retraction: the current form (…:1) and the draft Debian's
// prosody-modules implements (…:0, wrapped in a XEP-0422 fastening).
inline constexpr std::string_view kModerate1 = "urn:xmpp:message-moderate:1";
inline constexpr std::string_view kRetract1 = "urn:xmpp:message-retract:1";
inline constexpr std::string_view kModerate0 = "urn:xmpp:message-moderate:0";
inline constexpr std::string_view kRetract0 = "urn:xmpp:message-retract:0";
inline constexpr std::string_view kFasten = "urn:xmpp:fasten:0";

}  // namespace shoal::xmpp::ns
