// Classifier: a multinomial logistic-regression model over hashed word uni/bi-grams and
// character 3-5-grams, trained with SGD on labeled comments (e.g. negative/neutral/positive).
// A trained model can replace or blend with the lexicon sentiment on ingest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace peakend::text {

inline constexpr std::uint32_t kModelFormatVersion = 1;
inline constexpr std::size_t kDefaultHashBits = 18;  // 262,144 features per label
inline constexpr std::size_t kMinModelHashBits = 8, kMaxModelHashBits = 24;
inline constexpr std::size_t kMaxModelLabels = 100;
inline constexpr int kMinTrainEpochs = 1;
// The labels SentimentScore reads.
inline constexpr std::string_view kPositiveLabel = "positive", kNeutralLabel = "neutral", kNegativeLabel = "negative";

struct LabeledText {
  std::string text;
  std::string label;
};

struct TrainOptions {
  int epochs = 12;
  double learning_rate = 0.5;
  double l2 = 1e-6;
  std::size_t hash_bits = kDefaultHashBits;
  std::uint64_t seed = 7;  // shuffling order
};

struct Evaluation {
  std::vector<std::string> labels;
  std::vector<std::vector<int>> confusion;  // [actual][predicted]
  double accuracy = 0;
  double macro_f1 = 0;
  std::size_t n = 0;
};

class Classifier {
 public:
  // Refuses data without two labels or without a word, and a model whose weights would not be
  // finite numbers.
  static Result<Classifier> Train(const std::vector<LabeledText>& data, const TrainOptions& options = {});
  // Refuses a file that is not exactly one model with finite weights; errors name the file.
  static Result<Classifier> Load(const std::string& path);
  Status Save(const std::string& path) const;

  // Probability per label, in labels() order.
  std::vector<double> Predict(std::string_view text) const;
  std::string PredictLabel(std::string_view text) const;
  const std::vector<std::string>& labels() const { return labels_; }
  // P(positive) - P(negative) when the model has those labels, else 0.
  double SentimentScore(std::string_view text) const;
  // Whether SentimentScore can say anything: the model has a positive or a negative label.
  bool ScoresSentiment() const;

 private:
  // The hashed features of `text` (words, bigrams, character 3-5-grams), written to `out`.
  void Features(std::string_view text, std::vector<std::uint32_t>& out) const;
  // Each label's score (before the softmax) for the features `f`.
  std::vector<double> Scores(const std::vector<std::uint32_t>& f) const;

  std::vector<std::string> labels_;
  std::size_t hash_bits_ = kDefaultHashBits;
  // 2^hash_bits × labels: a feature's weights for every label side by side, one cache line
  // where a label-by-label layout would touch one per label.
  std::vector<float> weights_;
  std::vector<float> bias_;
};

// Labels -1, 0 and 1 (or +1), -1 among them, as sentiment is often numbered: renamed negative,
// neutral and positive, the labels SentimentScore reads. Whether `data` had such labels; any
// other labels are left as they are.
bool NameNumericSentimentLabels(std::vector<LabeledText>& data);

// Accuracy, macro-F1 and the confusion matrix of predictions against gold labels.
Evaluation Evaluate(const std::vector<std::string>& gold, const std::vector<std::string>& predicted);
// The confusion matrix as an aligned text table.
std::string FormatEvaluation(const Evaluation& e);

}  // namespace peakend::text
