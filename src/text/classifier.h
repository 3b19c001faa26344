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
inline constexpr std::size_t kMaxModelHashBits = 24;

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
  static Result<Classifier> Train(const std::vector<LabeledText>& data, const TrainOptions& options = {});
  static Result<Classifier> Load(const std::string& path);
  Status Save(const std::string& path) const;

  // Probability per label, in labels() order.
  std::vector<double> Predict(std::string_view text) const;
  std::string PredictLabel(std::string_view text) const;
  const std::vector<std::string>& labels() const { return labels_; }
  // P(positive) - P(negative) when the model has those labels, else 0.
  double SentimentScore(std::string_view text) const;

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

// Accuracy, macro-F1 and the confusion matrix of predictions against gold labels.
Evaluation Evaluate(const std::vector<std::string>& gold, const std::vector<std::string>& predicted);
// The confusion matrix as an aligned text table.
std::string FormatEvaluation(const Evaluation& e);

}  // namespace peakend::text
