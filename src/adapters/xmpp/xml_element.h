// A parsed XML element as the XMPP codec sees it: name, effective namespace,
// attributes, its own character data and its child elements. The codec reads and
// builds these as plain values, so stanza logic is tested without a connection;
// src/adapters/xmpp/strophe_bridge.h converts them to and from libstrophe stanzas.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace shoal::xmpp {

struct XmlElement {
  std::string name;
  std::string ns;  // effective namespace: declared here or inherited from the parent
  std::vector<std::pair<std::string, std::string>> attrs;  // in order, without xmlns
  std::string text;  // character data directly inside this element, concatenated
  std::vector<XmlElement> children;

  XmlElement() = default;
  XmlElement(std::string name_, std::string ns_) : name(std::move(name_)), ns(std::move(ns_)) {}

  // The attribute's value, or "" when absent (has_attr tells them apart).
  std::string_view attr(std::string_view key) const;
  bool has_attr(std::string_view key) const;
  // The first child with this name (and namespace, when ns is not empty); null if none.
  const XmlElement* child(std::string_view name, std::string_view ns = {}) const;
  std::string_view child_text(std::string_view name, std::string_view ns = {}) const;

  // Builders: set (replace) an attribute; append a child and return it.
  XmlElement& set(std::string key, std::string value);
  XmlElement& add(XmlElement child);
  XmlElement& add(std::string name, std::string ns) { return add(XmlElement(std::move(name), std::move(ns))); }
  // Appends <name>text</name> in this element's namespace and returns *this.
  XmlElement& add_text_child(std::string name, std::string text);

  // Serialised XML; xmlns is written where the namespace differs from the parent's.
  // For logs and tests: the connection sends through libstrophe, not this text.
  std::string ToXml(std::string_view parent_ns = {}) const;
};

}  // namespace shoal::xmpp
