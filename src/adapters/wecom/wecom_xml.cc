#include "adapters/wecom/wecom_xml.h"

#include <memory>

#include <expat.h>

namespace shoal {

std::string WecomXml::Get(std::string_view name) const {
  auto it = fields.find(name);
  return it == fields.end() ? std::string() : it->second;
}

namespace {

struct ParseState {
  XML_Parser parser = nullptr;
  WecomXml* out = nullptr;
  int depth = 0;
  std::string child;  // the root's child being read (depth 2)
  std::string text;   // character data of the current depth-2 or depth-3 element
  bool in_item = false;
  bool refused_doctype = false;
};

void OnStart(void* data, const XML_Char* name, const XML_Char**) {
  auto* s = static_cast<ParseState*>(data);
  ++s->depth;
  if (s->depth == 1) {
    s->out->root = name;
  } else if (s->depth == 2) {
    s->child = name;
    s->text.clear();
  } else if (s->depth == 3 && std::string_view(name) == "Item") {
    s->in_item = true;
    s->text.clear();
  }
}

void OnEnd(void* data, const XML_Char*) {
  auto* s = static_cast<ParseState*>(data);
  if (s->depth == 3 && s->in_item) {
    s->out->items[s->child].push_back(s->text);
    s->in_item = false;
    s->text.clear();
  } else if (s->depth == 2) {
    s->out->fields[s->child] = s->text;
    s->text.clear();
  }
  --s->depth;
}

void OnText(void* data, const XML_Char* text, int len) {
  auto* s = static_cast<ParseState*>(data);
  if (s->depth == 2 || (s->depth == 3 && s->in_item)) s->text.append(text, static_cast<size_t>(len));
}

void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
  auto* s = static_cast<ParseState*>(data);
  s->refused_doctype = true;
  XML_StopParser(s->parser, XML_FALSE);
}

}  // namespace

bool ParseWecomXml(std::string_view text, WecomXml* out, std::string* why) {
  *out = WecomXml();
  std::unique_ptr<std::remove_pointer_t<XML_Parser>, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                                        XML_ParserFree);
  if (!parser) {
    if (why) *why = "out of memory";
    return false;
  }
  ParseState state;
  state.parser = parser.get();
  state.out = out;
  XML_SetUserData(parser.get(), &state);
  XML_SetElementHandler(parser.get(), OnStart, OnEnd);
  XML_SetCharacterDataHandler(parser.get(), OnText);
  XML_SetStartDoctypeDeclHandler(parser.get(), OnDoctype);
  if (text.size() > (1u << 24)) {
    if (why) *why = "the XML is over 16 MiB";
    return false;
  }
  if (XML_Parse(parser.get(), text.data(), static_cast<int>(text.size()), XML_TRUE) != XML_STATUS_OK) {
    if (why) {
      if (state.refused_doctype) {
        *why = "a document type declaration is not allowed";
      } else {
        *why = std::string(XML_ErrorString(XML_GetErrorCode(parser.get()))) + " at line " +
               std::to_string(XML_GetCurrentLineNumber(parser.get())) + ", column " +
               std::to_string(XML_GetCurrentColumnNumber(parser.get()) + 1);
      }
    }
    *out = WecomXml();
    return false;
  }
  return true;
}

}  // namespace shoal
