// Custom topics: named queries over a comment's words, as users define them for their own
// business ("loyalty card", "parking"). A query combines terms with AND, OR, NOT and
// parentheses; adjacent terms mean AND. A term is a word, a prefix (`bezorg*`), a Snowball
// stem (`~wacht`) or a "quoted phrase". One topic per line in a topics file:
//     parking = parkeren OR parkeer* OR "parking lot"
//     loyalty card = (klantenkaart OR spaarkaart OR "loyalty card") NOT kwijt
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "text/tokenizer.h"

namespace peakend::text {

class TopicQuery;

class TopicSet {
 public:
  static Result<TopicSet> Parse(const std::string& text, const std::string& origin);
  static Result<TopicSet> LoadFile(const std::string& path);
  // Names of the topics whose query matches (tokens need stems for ~stem terms).
  std::vector<std::string> Match(const std::vector<Token>& tokens) const;
  std::size_t size() const { return topics_.size(); }
  std::vector<std::string> Names() const;  // in the order they were defined
  bool uses_stems() const { return uses_stems_; }  // some query has a ~stem term

  TopicSet();
  ~TopicSet();
  TopicSet(TopicSet&&) noexcept;
  TopicSet& operator=(TopicSet&&) noexcept;

 private:
  std::vector<std::pair<std::string, std::shared_ptr<const TopicQuery>>> topics_;
  bool uses_stems_ = false;
};

}  // namespace peakend::text
