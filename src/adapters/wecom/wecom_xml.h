// WeCom's flat XML messages (<xml><Field>value</Field>...</xml>) read with libexpat, which
// handles CDATA, entities and encodings; document type declarations are refused outright
// (no entity expansion from the peer). Only the shape WeCom sends is kept: the text of each
// child of the root, and the <Item> children of list fields such as MemChangeList.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace shoal {

struct WecomXml {
  std::string root;                                          // "xml"
  std::map<std::string, std::string, std::less<>> fields;    // child name -> its text
  std::map<std::string, std::vector<std::string>, std::less<>> items;  // child name -> its <Item> texts

  std::string Get(std::string_view name) const;  // "" when absent
};

// False with *why (expat's words, with line and column) when the text is not well-formed XML.
bool ParseWecomXml(std::string_view text, WecomXml* out, std::string* why);

}  // namespace shoal
