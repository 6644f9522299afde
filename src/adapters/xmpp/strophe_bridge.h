// Converts between XmlElement (the codec's value type) and libstrophe stanzas, and
// parses XML text into an XmlElement (tests, fixtures). libstrophe is initialised
// once per process on first use.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include <strophe.h>

#include "adapters/xmpp/xml_element.h"

namespace shoal::xmpp {

// Calls xmpp_initialize() exactly once; every user of libstrophe calls this first.
void EnsureStropheInitialized();

// A copy of the stanza's tree. Namespaces are resolved: a child without xmlns inherits.
XmlElement FromStanza(xmpp_stanza_t* stanza, std::string_view parent_ns = "jabber:client");
// A new stanza owned by the caller (xmpp_stanza_release).
xmpp_stanza_t* ToStanza(xmpp_ctx_t* ctx, const XmlElement& element, std::string_view parent_ns = "jabber:client");

// One element from XML text; nullopt (and *why) when the text is not well-formed.
std::optional<XmlElement> ParseXml(std::string_view xml, std::string* why = nullptr);

}  // namespace shoal::xmpp
