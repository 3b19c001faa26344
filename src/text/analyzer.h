// Analyzer: reads a customer comment in Dutch or English the way an attentive employee would —
// its language, overall sentiment, the aspects it is about (each with its own sentiment), the
// emotions in it, life events and circumstances worth knowing before the next contact, and the
// employees it names. Pure and thread-safe after loading.
#pragma once

#include <array>
#include <memory>
#include <span>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model.h"
#include "core/status.h"
#include "text/classifier.h"
#include "text/lexicon.h"
#include "text/topics.h"
#include "text/word_profiles.h"

namespace peakend::text {

// Longer comments are analysed up to this many bytes (the result says it was truncated): their
// beginning, and their last kAnalysedTailBytes, where a long letter says what it concludes.
inline constexpr std::size_t kMaxAnalysedBytes = 8000;
inline constexpr std::size_t kAnalysedTailBytes = 2000;
// The cut goes back this far, at most, to the space before a word it would split.
inline constexpr std::size_t kTruncationWordReach = 64;
// Sentiment at or beyond ±0.05 is positive / negative (the usual compound-score threshold).
inline constexpr double kNeutralBand = 0.05;

struct AnalyzerOptions {
  std::string data_dir = std::string(PEAKEND_DATA_DIR) + "/text";
  std::vector<std::string> extra_lexicons;  // Peakend-format, VADER or AFINN files
  std::string topics_file;
  std::string model_file;
  double model_blend = 0.5;
};

struct EmployeeName {
  std::string first_name;
  std::string external_id;
};

// How much of a comment to read: everything, or only its language and sentiment (what
// labelling, evaluation and sentiment-only callers need, at a fraction of the work).
enum class AnalysisDepth { kFull, kSentiment };

struct AnalysisContext {
  AnalysisDepth depth = AnalysisDepth::kFull;
  std::string language_hint;  // used only when the text itself gives no evidence
  // Employees whose first names may be mentioned; not owned (the caller keeps the list alive).
  const std::vector<EmployeeName>* employees = nullptr;
};

struct AspectResult {
  std::string name;
  double sentiment = 0;
  std::string phrase;  // the clause it was found in
};

struct Finding {  // an emotion, life event or circumstance with the words it came from
  std::string name;
  std::string phrase;
};

struct Mention {
  std::string employee;  // external id
  std::string name;      // as written
  std::string phrase;
};

struct Analysis {
  std::string language;  // "nl", "en" or "unknown"
  double sentiment = 0;  // -1..+1
  std::string label;     // "negative", "neutral", "positive"
  bool truncated = false;
  bool repaired_utf8 = false;
  std::size_t tokens = 0;
  std::vector<AspectResult> aspects;
  std::vector<Finding> emotions;
  std::vector<Finding> life_events;
  std::vector<Finding> circumstances;
  std::vector<Mention> mentions;
  std::vector<std::string> topics;
  std::optional<double> lexicon_sentiment;  // set when a trained model was blended in
};

class Analyzer {
 public:
  static Result<std::unique_ptr<Analyzer>> Load(const AnalyzerOptions& options);
  Analysis Analyze(std::string_view text, const AnalysisContext& context = {}) const;
  const Lexicon& lexicon() const { return lexicon_; }
  // The names a comment can be tagged with for `tag_kind` ("aspect", "emotion" or "topic"):
  // what a filter on that kind may ask for. Empty for any other kind.
  std::vector<std::string> TagNames(std::string_view tag_kind) const;

 private:
  friend class CommentReading;  // reads each comment with the members below (comment_reading.h)
  explicit Analyzer(Lexicon lexicon);
  // The lexicon matches of a comment, in all languages, looked up once per comment, for the
  // tokens that carry a role: a word with a match other than a stopword, a word beginning a
  // phrase, a number (it may be a rating) and the punctuation that ends a clause. The other
  // tokens count only as positions and language evidence.
  struct TokenMatches {
    struct Event {  // one such token
      std::uint32_t token = 0;
      std::int32_t profile = -1;       // its number in the thread's WordProfiles
      std::uint32_t phrase_begin = 0;  // its phrases are phrases[phrase_begin, + phrase_count)
      std::uint32_t phrase_count = 0;
      bool singles = false;            // whether its single-word matches count (no phrase hid its base form)
    };
    std::vector<TermMatch> phrases;
    std::vector<Event> events;  // in token order, the first event_count of them
    std::size_t event_count = 0;
    std::vector<std::uint32_t> phrase_events;  // working space: the events at which a phrase may begin
    std::span<const Event> Events() const { return std::span<const Event>(events).first(event_count); }
    bool any_small_word = false;  // some word is not written in capitals
  };
  // Points for each language from the words of a comment: stopwords and lexicon terms, and
  // the weaker evidence of spelling.
  struct LanguageEvidence {
    int nl = 0, en = 0;
    int nl_spelling = 0, en_spelling = 0;
    int other = 0;  // words of languages Peakend does not read
  };
  // Makes the profile of `token`, whose folded form the thread meets for the first time, and
  // returns its number among the thread's `known`.
  std::int32_t NewProfile(WordProfiles& known, const TokenView& token) const;
  // Sets TokenView::word and the profile number of every token.
  void LookUpTokens(std::vector<TokenView>& tokens, std::vector<std::int32_t>& profiles) const;
  // Finds the matches of the tokens with a role, given each token's profile number.
  void MatchTokens(std::vector<TokenView>& tokens, const std::vector<std::int32_t>& profiles, TokenMatches& out,
                   LanguageEvidence& evidence) const;
  // What `lower` matches on its own, its matches appended to `matches`
  // and those the rules read (WordProfile::rule_first) to `rule_matches`.
  WordProfile ProfileOf(std::string_view lower, bool padded, std::vector<TermMatch>& matches,
                        std::vector<TermMatch>& rule_matches) const;
  // Whether `lower`, which the lexicon does not name, matches a prefix term or is an inflected
  // form of a term (`scratch` is left as it was).
  bool MatchesAnything(std::string_view lower, std::vector<TermMatch>& scratch) const;
  // The id of the term (not a stopword) that `lower` is with two neighbouring letters swapped,
  // written to `swapped`; -1 when there is none.
  std::int32_t SwappedLettersTerm(std::string_view lower, std::string& swapped, std::vector<TermMatch>& scratch) const;
  static std::string_view DetectLanguage(const LanguageEvidence& evidence, const std::string& hint);
  // Tells this analyzer's word profiles (kept per thread) from another's.
  std::uint64_t id_;
  Lexicon lexicon_;
  TopicSet topics_;
  std::optional<Classifier> model_;
  double model_blend_ = 0.5;
};

std::string_view SentimentLabel(double sentiment);
nlohmann::json ToJson(const Analysis& analysis);
// The same document as ToJson(analysis).dump(), written directly: it is stored with every
// analysed response, so it is on the ingest path and must be cheap.
std::string ToJsonText(const Analysis& analysis);
// Fills response.language (when empty), sentiment, sentiment_label, tags and analysis_json.
void ApplyToResponse(const Analysis& analysis, Response& response);

}  // namespace peakend::text
