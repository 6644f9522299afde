#include "adapters/xmpp/xml_element.h"

namespace shoal::xmpp {
namespace {

void AppendEscaped(std::string_view s, bool in_attr, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&': *out += "&amp;"; break;
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '"':
        if (in_attr) {
          *out += "&quot;";
          break;
        }
        [[fallthrough]];
      default: *out += c;
    }
  }
}

void AppendXml(const XmlElement& e, std::string_view parent_ns, std::string* out) {
  *out += '<';
  *out += e.name;
  if (e.ns != parent_ns) {
    *out += " xmlns=\"";
    AppendEscaped(e.ns, true, out);
    *out += '"';
  }
  for (const auto& [k, v] : e.attrs) {
    *out += ' ';
    *out += k;
    *out += "=\"";
    AppendEscaped(v, true, out);
    *out += '"';
  }
  if (e.text.empty() && e.children.empty()) {
    *out += "/>";
    return;
  }
  *out += '>';
  AppendEscaped(e.text, false, out);
  for (const auto& c : e.children) AppendXml(c, e.ns, out);
  *out += "</";
  *out += e.name;
  *out += '>';
}

}  // namespace

std::string_view XmlElement::attr(std::string_view key) const {
  for (const auto& [k, v] : attrs) {
    if (k == key) return v;
  }
  return {};
}

bool XmlElement::has_attr(std::string_view key) const {
  for (const auto& kv : attrs) {
    if (kv.first == key) return true;
  }
  return false;
}

const XmlElement* XmlElement::child(std::string_view child_name, std::string_view child_ns) const {
  for (const auto& c : children) {
    if (c.name == child_name && (child_ns.empty() || c.ns == child_ns)) return &c;
  }
  return nullptr;
}

std::string_view XmlElement::child_text(std::string_view child_name, std::string_view child_ns) const {
  const XmlElement* c = child(child_name, child_ns);
  return c ? std::string_view(c->text) : std::string_view();
}

XmlElement& XmlElement::set(std::string key, std::string value) {
  for (auto& kv : attrs) {
    if (kv.first == key) {
      kv.second = std::move(value);
      return *this;
    }
  }
  attrs.emplace_back(std::move(key), std::move(value));
  return *this;
}

XmlElement& XmlElement::add(XmlElement c) {
  children.push_back(std::move(c));
  return children.back();
}

XmlElement& XmlElement::add_text_child(std::string child_name, std::string body) {
  add(std::move(child_name), ns).text = std::move(body);
  return *this;
}

std::string XmlElement::ToXml(std::string_view parent_ns) const {
  std::string out;
  AppendXml(*this, parent_ns, &out);
  return out;
}

}  // namespace shoal::xmpp
