#include "text/topics.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace peakend::text {

// A parsed query: a small expression tree evaluated against the tokens of a comment.
class TopicQuery {
 public:
  enum class Kind { kWord, kPrefix, kStem, kPhrase, kAnd, kOr, kNot };
  Kind kind;
  std::vector<std::string> words;  // terms and phrases
  std::vector<std::shared_ptr<const TopicQuery>> children;

  bool Matches(const std::vector<Token>& tokens) const {
    switch (kind) {
      case Kind::kAnd:
        for (const auto& c : children) {
          if (!c->Matches(tokens)) return false;
        }
        return true;
      case Kind::kOr:
        for (const auto& c : children) {
          if (c->Matches(tokens)) return true;
        }
        return false;
      case Kind::kNot:
        return !children[0]->Matches(tokens);
      case Kind::kPhrase:
        for (std::size_t i = 0; i + words.size() <= tokens.size(); ++i) {
          bool all = true;
          for (std::size_t k = 0; k < words.size() && all; ++k) all = tokens[i + k].lower == words[k];
          if (all) return true;
        }
        return false;
      default:
        for (const auto& t : tokens) {
          if (kind == Kind::kWord && t.lower == words[0]) return true;
          if (kind == Kind::kPrefix && t.lower.compare(0, words[0].size(), words[0]) == 0) return true;
          // words: the query word's stems in each language the comment may be in.
          if (kind == Kind::kStem && std::find(words.begin(), words.end(), t.stem) != words.end()) return true;
        }
        return false;
    }
  }
};

namespace {

// Words that look like an operator of another search syntax. Read as terms they would quietly
// match nothing (or everything), so they are refused with the syntax to use.
constexpr std::array<std::string_view, 9> kForeignOperators = {"XOR", "NEAR", "&&", "||", "|", "&", "!", "+", "-"};

// Why `t`, a term of a query, cannot be one; empty when it can.
std::string TermProblem(const std::string& t) {
  if (t == "and" || t == "or" || t == "not") {
    std::string upper = t == "and" ? "AND" : t == "or" ? "OR" : "NOT";
    return "'" + t + "' is read as a word here; write " + upper +
           " in capitals to combine terms, or put words in quotes to match them as a phrase (\"bed and breakfast\")";
  }
  if (std::find(kForeignOperators.begin(), kForeignOperators.end(), t) != kForeignOperators.end() ||
      t.rfind("NEAR/", 0) == 0) {
    return "'" + t + "' is not an operator here; combine terms with AND, OR, NOT and parentheses";
  }
  if (t.front() == '-' || t.front() == '+' || t.front() == '!') {
    return "'" + t + "': write NOT " + t.substr(1) + " to leave out comments with a word, or AND to require it";
  }
  if (t == "*") return "'*' needs the beginning of a word before it (bezorg*)";
  if (t == "~") return "'~' needs a word after it (~wachten)";
  std::size_t star = t.find('*');
  if (star != std::string::npos && star + 1 != t.size()) {
    return "'" + t + "': '*' may only end a word, as a prefix (bezorg*)";
  }
  return "";
}

// The query word of a ~stem term as Snowball stems it in each language a comment may be in, and
// as written: "~wachten" matches what "wachten", "wacht" and "wachtte" stem to.
std::vector<std::string> StemsOf(const std::string& word) {
  std::vector<std::string> stems;
  for (const char* language : {"nl", "en"}) {
    std::vector<Token> tokens = Tokenize(word);
    if (tokens.size() != 1) return {};
    Stem(tokens, language);
    stems.push_back(tokens[0].stem);
  }
  stems.push_back(Tokenize(word)[0].lower);
  std::sort(stems.begin(), stems.end());
  stems.erase(std::unique(stems.begin(), stems.end()), stems.end());
  return stems;
}

// Recursive descent over:  or := and ("OR" and)* ; and := unary (["AND"] unary)* ;
// unary := "NOT" unary | "(" or ")" | term
class Parser {
 public:
  Parser(const std::string& text, std::string where) : where_(std::move(where)) {
    for (std::size_t i = 0; i < text.size();) {
      char c = text[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
      } else if (c == '(' || c == ')') {
        tokens_.push_back(std::string(1, c));
        ++i;
      } else if (c == '"') {
        std::size_t end = text.find('"', i + 1);
        if (end == std::string::npos) {
          error_ = "a phrase is missing its closing quote";
          return;
        }
        tokens_.push_back(text.substr(i, end - i + 1));
        i = end + 1;
      } else {
        std::size_t end = i;
        while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '(' &&
               text[end] != ')' && text[end] != '"') {
          ++end;
        }
        tokens_.push_back(text.substr(i, end - i));
        i = end;
      }
    }
  }

  Result<std::shared_ptr<const TopicQuery>> Parse() {
    if (!error_.empty()) return Fail(error_);
    if (tokens_.empty()) return Fail("the query is empty");
    auto q = Or();
    if (!q.ok()) return q;
    if (pos_ != tokens_.size()) return Fail("unexpected '" + tokens_[pos_] + "'");
    return q;
  }
  bool uses_stems() const { return uses_stems_; }

 private:
  Status Fail(const std::string& message) {
    return Status::InvalidArgument(where_ + ": " + message + " (terms, \"phrases\", prefix*, ~stem, AND, OR, NOT, parentheses)");
  }
  bool Peek(const char* s) const { return pos_ < tokens_.size() && tokens_[pos_] == s; }

  Result<std::shared_ptr<const TopicQuery>> Or() {
    auto first = And();
    if (!first.ok()) return first;
    auto node = std::make_shared<TopicQuery>(TopicQuery{TopicQuery::Kind::kOr, {}, {*first}});
    while (Peek("OR")) {
      ++pos_;
      auto next = And();
      if (!next.ok()) return next;
      node->children.push_back(*next);
    }
    if (node->children.size() == 1) return node->children[0];
    return std::shared_ptr<const TopicQuery>(node);
  }

  Result<std::shared_ptr<const TopicQuery>> And() {
    auto first = Unary();
    if (!first.ok()) return first;
    auto node = std::make_shared<TopicQuery>(TopicQuery{TopicQuery::Kind::kAnd, {}, {*first}});
    while (pos_ < tokens_.size() && !Peek("OR") && !Peek(")")) {
      if (Peek("AND")) ++pos_;
      auto next = Unary();
      if (!next.ok()) return next;
      node->children.push_back(*next);
    }
    if (node->children.size() == 1) return node->children[0];
    return std::shared_ptr<const TopicQuery>(node);
  }

  Result<std::shared_ptr<const TopicQuery>> Unary() {
    if (pos_ >= tokens_.size()) return Fail("the query ends too early");
    std::string t = tokens_[pos_++];
    if (t == "NOT") {
      auto inner = Unary();
      if (!inner.ok()) return inner;
      return std::shared_ptr<const TopicQuery>(std::make_shared<TopicQuery>(TopicQuery{TopicQuery::Kind::kNot, {}, {*inner}}));
    }
    if (t == "(") {
      auto inner = Or();
      if (!inner.ok()) return inner;
      if (!Peek(")")) return Fail("a '(' is never closed");
      ++pos_;
      return inner;
    }
    if (t == ")" || t == "AND" || t == "OR") return Fail("unexpected '" + t + "'");
    if (t.front() != '"') {
      if (std::string problem = TermProblem(t); !problem.empty()) return Fail(problem);
    }
    auto q = std::make_shared<TopicQuery>();
    if (t.front() == '"') {
      q->kind = TopicQuery::Kind::kPhrase;
      for (const auto& tok : Tokenize(t.substr(1, t.size() - 2))) q->words.push_back(tok.lower);
      if (q->words.empty()) return Fail("an empty phrase");
    } else if (t.front() == '~') {
      q->kind = TopicQuery::Kind::kStem;
      q->words = StemsOf(t.substr(1));
      if (q->words.empty()) return Fail("'" + t + "': a stem is one word (~wachten)");
      uses_stems_ = true;
    } else if (t.back() == '*' && t.size() > 1) {
      q->kind = TopicQuery::Kind::kPrefix;
      auto folded = Tokenize(t.substr(0, t.size() - 1));
      q->words = {folded.empty() ? t.substr(0, t.size() - 1) : folded[0].lower};
    } else {
      q->kind = TopicQuery::Kind::kWord;
      auto folded = Tokenize(t);
      q->words = {folded.empty() ? t : folded[0].lower};
    }
    return std::shared_ptr<const TopicQuery>(q);
  }

  std::vector<std::string> tokens_;
  std::size_t pos_ = 0;
  bool uses_stems_ = false;
  std::string error_;
  std::string where_;
};

}  // namespace

TopicSet::TopicSet() = default;
TopicSet::~TopicSet() = default;
TopicSet::TopicSet(TopicSet&&) noexcept = default;
TopicSet& TopicSet::operator=(TopicSet&&) noexcept = default;

Result<TopicSet> TopicSet::Parse(const std::string& text, const std::string& origin) {
  TopicSet set;
  std::istringstream in(text);
  std::string line;
  int n = 0;
  std::vector<int> defined_on;  // the line of each topic
  while (std::getline(in, line)) {
    ++n;
    std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos || line[start] == '#') continue;
    std::size_t eq = line.find('=');
    std::string where = origin + ":" + std::to_string(n);
    if (eq == std::string::npos) return Status::InvalidArgument(where + ": expected 'topic name = query'");
    std::string name = line.substr(start, eq - start);
    while (!name.empty() && std::isspace(static_cast<unsigned char>(name.back()))) name.pop_back();
    if (name.empty()) return Status::InvalidArgument(where + ": the topic has no name");
    for (std::size_t k = 0; k < set.topics_.size(); ++k) {
      if (set.topics_[k].first == name) {
        return Status::InvalidArgument(where + ": the topic '" + name + "' is defined again (line " +
                                       std::to_string(defined_on[k]) + "); give each topic one line, joining queries with OR");
      }
    }
    defined_on.push_back(n);
    Parser parser(line.substr(eq + 1), where);
    auto query = parser.Parse();
    if (!query.ok()) return query.status();
    set.uses_stems_ = set.uses_stems_ || parser.uses_stems();
    set.topics_.emplace_back(name, *query);
  }
  return set;
}

Result<TopicSet> TopicSet::LoadFile(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Status::InvalidArgument("'" + path + "' is a directory; name the topics file in it");
  }
  std::ifstream in(path);
  if (!in) return Status::IoError("cannot read topics file '" + path + "'");
  std::stringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str(), path);
}

std::vector<std::string> TopicSet::Names() const {
  std::vector<std::string> out;
  out.reserve(topics_.size());
  for (const auto& topic : topics_) out.push_back(topic.first);
  return out;
}

std::vector<std::string> TopicSet::Match(const std::vector<Token>& tokens) const {
  std::vector<std::string> out;
  for (const auto& [name, query] : topics_) {
    if (query->Matches(tokens)) out.push_back(name);
  }
  return out;
}

}  // namespace peakend::text
