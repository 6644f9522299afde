// A community's group-card (nickname) format, written as fields joined by a
// separator ("城市-职位-姓名"), each field optionally with its own RE2 pattern,
// or as one RE2 pattern. Compiles once; checks a card in one RE2 match; can
// rewrite a card typed with stray separators ("北京 产品 张三") into the format.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace shoal {

struct CardField {
  std::string name;
  std::string pattern;  // RE2; empty = any text without the separator
};

class CardFormat {
 public:
  // From fields; null and *why (naming the field) when a pattern does not compile.
  static std::unique_ptr<CardFormat> FromFields(const std::vector<CardField>& fields, const std::string& separator,
                                                std::string* why);
  // From a whole-card pattern (anchored for you); null and *why when it does not compile.
  static std::unique_ptr<CardFormat> FromPattern(const std::string& pattern, std::string* why);
  ~CardFormat();

  bool Matches(std::string_view card) const;
  // The card with runs of spaces and look-alike separators replaced by the separator,
  // when that makes it match; empty otherwise (or when it already matched, or no separator).
  std::string Normalize(std::string_view card) const;
  // "城市-职位-姓名", or the pattern itself.
  const std::string& description() const { return description_; }
  size_t field_count() const { return fields_; }
  const std::string& separator() const { return separator_; }

 private:
  CardFormat() = default;
  std::unique_ptr<re2::RE2> re_;
  std::unique_ptr<re2::RE2> separators_;  // what Normalize replaces
  std::string description_, separator_;
  size_t fields_ = 0;
};

}  // namespace shoal
