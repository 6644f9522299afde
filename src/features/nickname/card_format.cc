#include "features/nickname/card_format.h"

#include <re2/re2.h>

namespace shoal {

namespace {
int CodePoints(std::string_view s) {
  int n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}
}  // namespace

CardFormat::~CardFormat() = default;

std::unique_ptr<CardFormat> CardFormat::FromFields(const std::vector<CardField>& fields, const std::string& separator,
                                                   std::string* why) {
  if (fields.empty()) {
    *why = "no fields";
    return nullptr;
  }
  if (separator.empty()) {
    *why = "the separator is empty";
    return nullptr;
  }
  std::string sep = RE2::QuoteMeta(separator);
  // Without its own pattern a field is any text free of the separator (a character class
  // when the separator is one character, else a lazy match).
  std::string any = CodePoints(separator) == 1 ? "[^" + sep + "\\s]+" : ".+?";
  std::string re = "^";
  auto fmt = std::unique_ptr<CardFormat>(new CardFormat);
  for (size_t i = 0; i < fields.size(); ++i) {
    const CardField& f = fields[i];
    if (!f.pattern.empty()) {
      RE2 alone(f.pattern, RE2::Quiet);
      if (!alone.ok()) {
        *why = "the pattern of field '" + f.name + "' does not compile: " + alone.error();
        return nullptr;
      }
    }
    if (i) re += sep;
    re += "(?:" + (f.pattern.empty() ? any : f.pattern) + ")";
    fmt->description_ += (i ? separator : "") + f.name;
  }
  re += "$";
  fmt->re_ = std::make_unique<RE2>(re, RE2::Quiet);
  if (!fmt->re_->ok()) {
    *why = "the format does not compile: " + fmt->re_->error();
    return nullptr;
  }
  fmt->separator_ = separator;
  fmt->fields_ = fields.size();
  // Spaces and the dashes, bars, dots and slashes people type instead of the separator.
  fmt->separators_ = std::make_unique<RE2>("(?:\\s|[-_|/\\\\·•—–－＿｜／、，,.。])+");
  return fmt;
}

std::unique_ptr<CardFormat> CardFormat::FromPattern(const std::string& pattern, std::string* why) {
  auto fmt = std::unique_ptr<CardFormat>(new CardFormat);
  fmt->re_ = std::make_unique<RE2>("^(?:" + pattern + ")$", RE2::Quiet);
  if (!fmt->re_->ok()) {
    *why = "the pattern does not compile: " + fmt->re_->error();
    return nullptr;
  }
  fmt->description_ = pattern;
  return fmt;
}

bool CardFormat::Matches(std::string_view card) const {
  return RE2::FullMatch(re2::StringPiece(card.data(), card.size()), *re_);
}

std::string CardFormat::Normalize(std::string_view card) const {
  if (!separators_ || Matches(card)) return "";
  std::string out(card);
  while (!out.empty() && (out.front() == ' ')) out.erase(0, 1);
  while (!out.empty() && (out.back() == ' ')) out.pop_back();
  std::string rewrite;  // in a rewrite only '\\' is special
  for (char c : separator_) rewrite += c == '\\' ? std::string("\\\\") : std::string(1, c);
  RE2::GlobalReplace(&out, *separators_, rewrite);
  return Matches(out) ? out : "";
}

}  // namespace shoal
