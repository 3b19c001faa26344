#include "text/classifier.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>

#include "text/tokenizer.h"

namespace peakend::text {
namespace {

constexpr char kModelMagic[] = "peakend-text-model";
constexpr std::size_t kMinCharGram = 3, kMaxCharGram = 5;
// Each kind of feature is hashed with its own salt, so that a word and a bigram never share a
// bucket by construction; a saved model depends on these values.
constexpr std::uint32_t kWordSalt = 1, kBigramSalt = 2, kCharGramSalt = 3;
constexpr std::string_view kSentenceStart = "<s>";
constexpr std::size_t kPrefetchDistance = 8;  // features ahead whose weights are fetched early

constexpr std::uint32_t kFnvOffset = 2166136261u, kFnvPrime = 16777619u;

// FNV-1a, continued over more bytes: hashing "a", then " ", then "b" gives the hash of "a b", so
// bigrams and padded character n-grams are hashed without being built.
std::uint32_t ContinueHash(std::uint32_t h, std::string_view s) {
  for (unsigned char c : s) {
    h ^= c;
    h *= kFnvPrime;
  }
  return h;
}

bool AllFinite(const std::vector<float>& values) {
  return std::all_of(values.begin(), values.end(), [](float v) { return std::isfinite(v); });
}

struct NumericLabel {
  std::string_view number, name;
};
constexpr std::string_view kNumericNegative = "-1";  // present in every numbering of sentiment
constexpr std::array<NumericLabel, 4> kNumericSentimentLabels = {
    {{kNumericNegative, kNegativeLabel}, {"0", kNeutralLabel}, {"1", kPositiveLabel}, {"+1", kPositiveLabel}}};

std::vector<double> Softmax(std::vector<double> z) {
  double max = *std::max_element(z.begin(), z.end());
  double sum = 0;
  for (auto& v : z) sum += (v = std::exp(v - max));
  for (auto& v : z) v /= sum;
  return z;
}

}  // namespace

void Classifier::Features(std::string_view text, std::vector<std::uint32_t>& f) const {
  const std::uint32_t mask = (1u << hash_bits_) - 1;
  f.clear();
  thread_local TokenBuffer buffer;  // its memory is reused from text to text
  buffer.Tokenize(text);
  std::string_view prev = kSentenceStart;
  for (const TokenView& t : buffer.tokens()) {
    if (t.kind == TokenKind::kPunctuation && t.lower != "!" && t.lower != "?") continue;
    f.push_back(ContinueHash(kFnvOffset ^ kWordSalt, t.lower) & mask);
    f.push_back(ContinueHash(ContinueHash(ContinueHash(kFnvOffset ^ kBigramSalt, prev), " "), t.lower) & mask);
    prev = t.lower;
    if (t.kind != TokenKind::kWord) continue;
    // The character n-grams of the word between spaces (" word "): position i of that padded
    // word is a space at either end and lower[i - 1] between.
    const std::string_view word = t.lower;
    const std::size_t padded = word.size() + 2;
    for (std::size_t n = kMinCharGram; n <= kMaxCharGram; ++n) {
      for (std::size_t i = 0; i + n <= padded; ++i) {
        std::uint32_t h = kFnvOffset ^ kCharGramSalt;
        const std::size_t inner_begin = i == 0 ? 0 : i - 1;
        const std::size_t inner_end = std::min(i + n - 1, word.size());  // exclusive, in `word`
        if (i == 0) h = ContinueHash(h, " ");
        h = ContinueHash(h, word.substr(inner_begin, inner_end - inner_begin));
        if (i + n == padded) h = ContinueHash(h, " ");
        f.push_back(h & mask);
      }
    }
  }
}

std::vector<double> Classifier::Scores(const std::vector<std::uint32_t>& f) const {
  const std::size_t k = labels_.size();
  const double scale = f.empty() ? 0 : 1.0 / std::sqrt(static_cast<double>(f.size()));
  std::vector<double> z(bias_.begin(), bias_.end());
  for (std::size_t i = 0; i < f.size(); ++i) {
    // The table is megabytes and the features scattered over it: ask for the weights of a
    // feature a few ahead while this one's are added.
    if (i + kPrefetchDistance < f.size()) __builtin_prefetch(&weights_[f[i + kPrefetchDistance] * k]);
    const float* w = &weights_[f[i] * k];  // a feature's weights for every label lie together
    for (std::size_t j = 0; j < k; ++j) z[j] += w[j] * scale;
  }
  return z;
}

Result<Classifier> Classifier::Train(const std::vector<LabeledText>& data, const TrainOptions& options) {
  if (data.size() < 2) return Status::InvalidArgument("training needs at least two labeled texts");
  if (options.hash_bits < kMinModelHashBits || options.hash_bits > kMaxModelHashBits) {
    return Status::InvalidArgument("hash_bits must be between " + std::to_string(kMinModelHashBits) + " and " +
                                   std::to_string(kMaxModelHashBits));
  }
  if (options.epochs < kMinTrainEpochs) {
    return Status::InvalidArgument("epochs is " + std::to_string(options.epochs) + "; train for at least " +
                                   std::to_string(kMinTrainEpochs));
  }
  if (!(options.learning_rate > 0) || !std::isfinite(options.learning_rate) || !(options.l2 >= 0) || !std::isfinite(options.l2)) {
    return Status::InvalidArgument("the learning rate must be a finite number above 0 and l2 one of 0 or more");
  }
  Classifier c;
  c.hash_bits_ = options.hash_bits;
  for (const auto& d : data) {
    if (std::find(c.labels_.begin(), c.labels_.end(), d.label) == c.labels_.end()) c.labels_.push_back(d.label);
  }
  std::sort(c.labels_.begin(), c.labels_.end());
  if (c.labels_.size() < 2) return Status::InvalidArgument("training needs at least two different labels");
  std::size_t k = c.labels_.size(), dim = std::size_t{1} << c.hash_bits_;
  c.weights_.assign(k * dim, 0.f);
  c.bias_.assign(k, 0.f);
  std::vector<std::vector<std::uint32_t>> features;
  std::vector<std::size_t> gold;
  for (const auto& d : data) {
    c.Features(d.text, features.emplace_back());
    gold.push_back(std::find(c.labels_.begin(), c.labels_.end(), d.label) - c.labels_.begin());
  }
  if (std::all_of(features.begin(), features.end(), [](const auto& f) { return f.empty(); })) {
    return Status::InvalidArgument("every text is empty: there are no words to learn from");
  }
  std::vector<std::size_t> order(data.size());
  std::iota(order.begin(), order.end(), 0);
  std::uint64_t state = options.seed;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (std::size_t i = order.size(); i > 1; --i) {  // Fisher-Yates with a fixed generator
      state = state * 6364136223846793005ULL + 1442695040888963407ULL;
      std::swap(order[i - 1], order[(state >> 33) % i]);
    }
    double lr = options.learning_rate / (1.0 + epoch);
    for (std::size_t idx : order) {
      const auto& f = features[idx];
      if (f.empty()) continue;
      double scale = 1.0 / std::sqrt(static_cast<double>(f.size()));
      auto p = Softmax(c.Scores(f));
      for (std::size_t j = 0; j < k; ++j) {
        double g = p[j] - (j == gold[idx] ? 1.0 : 0.0);
        c.bias_[j] -= static_cast<float>(lr * g);
        for (auto h : f) {
          float& w = c.weights_[h * k + j];
          w -= static_cast<float>(lr * (g * scale + options.l2 * w));
        }
      }
    }
  }
  if (!AllFinite(c.weights_) || !AllFinite(c.bias_)) {
    return Status::InvalidArgument("training diverged: its weights are not finite numbers; train with a lower "
                                   "learning rate or fewer epochs");
  }
  return c;
}

std::vector<double> Classifier::Predict(std::string_view text) const {
  thread_local std::vector<std::uint32_t> features;  // reused from text to text
  Features(text, features);
  return Softmax(Scores(features));
}

std::string Classifier::PredictLabel(std::string_view text) const {
  auto p = Predict(text);
  return labels_[std::max_element(p.begin(), p.end()) - p.begin()];
}

double Classifier::SentimentScore(std::string_view text) const {
  auto p = Predict(text);
  auto index = [&](std::string_view l) {
    auto it = std::find(labels_.begin(), labels_.end(), l);
    return it == labels_.end() ? -1 : static_cast<int>(it - labels_.begin());
  };
  int pos = index(kPositiveLabel), neg = index(kNegativeLabel);
  double score = (pos >= 0 ? p[pos] : 0) - (neg >= 0 ? p[neg] : 0);
  return std::isfinite(score) ? score : 0;  // finite weights give a finite score; no NaN reaches a response
}

bool Classifier::ScoresSentiment() const {
  return std::any_of(labels_.begin(), labels_.end(), [](const std::string& l) { return l == kPositiveLabel || l == kNegativeLabel; });
}

Status Classifier::Save(const std::string& path) const {
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::IoError("cannot write model file '" + path + "'");
  out << kModelMagic << ' ' << kModelFormatVersion << '\n' << hash_bits_ << '\n' << labels_.size() << '\n';
  for (const auto& l : labels_) out << l << '\n';
  out.write(reinterpret_cast<const char*>(bias_.data()), static_cast<std::streamsize>(bias_.size() * sizeof(float)));
  // On disk the weights are label by label (format 1); in memory feature by feature.
  const std::size_t k = labels_.size(), dim = std::size_t{1} << hash_bits_;
  std::vector<float> by_label(weights_.size());
  for (std::size_t h = 0; h < dim; ++h) {
    for (std::size_t j = 0; j < k; ++j) by_label[j * dim + h] = weights_[h * k + j];
  }
  out.write(reinterpret_cast<const char*>(by_label.data()), static_cast<std::streamsize>(by_label.size() * sizeof(float)));
  return out ? Status::Ok() : Status::IoError("cannot finish writing model file '" + path + "'");
}

Result<Classifier> Classifier::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read model file '" + path + "'");
  std::string magic;
  std::uint32_t version = 0;
  Classifier c;
  std::size_t count = 0;
  in >> magic >> version >> c.hash_bits_ >> count;
  if (magic != kModelMagic) return Status::InvalidArgument("'" + path + "' is not a Peakend text model (peakend text train makes one)");
  if (version != kModelFormatVersion) {
    return Status::InvalidArgument("model '" + path + "' has format version " + std::to_string(version) +
                                   "; this peakend reads version " + std::to_string(kModelFormatVersion) + ": train it again");
  }
  if (c.hash_bits_ < kMinModelHashBits || c.hash_bits_ > kMaxModelHashBits || count < 2 || count > kMaxModelLabels) {
    return Status::InvalidArgument("model '" + path + "' is damaged (impossible sizes)");
  }
  in.get();
  for (std::size_t i = 0; i < count; ++i) {
    std::string label;
    std::getline(in, label);
    c.labels_.push_back(label);
  }
  std::size_t dim = std::size_t{1} << c.hash_bits_;
  c.bias_.resize(count);
  c.weights_.resize(count * dim);
  in.read(reinterpret_cast<char*>(c.bias_.data()), static_cast<std::streamsize>(count * sizeof(float)));
  std::vector<float> by_label(count * dim);
  in.read(reinterpret_cast<char*>(by_label.data()), static_cast<std::streamsize>(by_label.size() * sizeof(float)));
  if (!in) return Status::InvalidArgument("model '" + path + "' is truncated");
  if (in.peek() != std::ifstream::traits_type::eof()) {
    std::streamoff model_end = in.tellg();
    in.seekg(0, std::ios::end);
    return Status::InvalidArgument("model '" + path + "' has " + std::to_string(in.tellg() - model_end) +
                                   " bytes after the model; the file is damaged, train it again");
  }
  if (!AllFinite(c.bias_) || !AllFinite(by_label)) {
    return Status::InvalidArgument("model '" + path + "' has weights that are not finite numbers; the file is damaged, "
                                   "train it again");
  }
  for (std::size_t h = 0; h < dim; ++h) {
    for (std::size_t j = 0; j < count; ++j) c.weights_[h * count + j] = by_label[j * dim + h];
  }
  return c;
}

bool NameNumericSentimentLabels(std::vector<LabeledText>& data) {
  auto numbered = [](const std::string& label) {
    return std::find_if(kNumericSentimentLabels.begin(), kNumericSentimentLabels.end(),
                        [&](const NumericLabel& n) { return n.number == label; });
  };
  bool all_numbers = std::all_of(data.begin(), data.end(), [&](const LabeledText& d) { return numbered(d.label) != kNumericSentimentLabels.end(); });
  if (!all_numbers || std::none_of(data.begin(), data.end(), [](const LabeledText& d) { return d.label == kNumericNegative; })) return false;
  for (auto& d : data) d.label = std::string(numbered(d.label)->name);
  return true;
}

Evaluation Evaluate(const std::vector<std::string>& gold, const std::vector<std::string>& predicted) {
  Evaluation e;
  for (const auto* list : {&gold, &predicted}) {
    for (const auto& l : *list) {
      if (std::find(e.labels.begin(), e.labels.end(), l) == e.labels.end()) e.labels.push_back(l);
    }
  }
  std::sort(e.labels.begin(), e.labels.end());
  std::size_t k = e.labels.size();
  e.confusion.assign(k, std::vector<int>(k, 0));
  auto idx = [&](const std::string& l) { return std::find(e.labels.begin(), e.labels.end(), l) - e.labels.begin(); };
  std::size_t correct = 0;
  for (std::size_t i = 0; i < gold.size() && i < predicted.size(); ++i) {
    e.confusion[idx(gold[i])][idx(predicted[i])]++;
    correct += gold[i] == predicted[i];
    ++e.n;
  }
  e.accuracy = e.n ? static_cast<double>(correct) / e.n : 0;
  double f1_sum = 0;
  for (std::size_t j = 0; j < k; ++j) {
    double tp = e.confusion[j][j], fp = 0, fn = 0;
    for (std::size_t o = 0; o < k; ++o) {
      if (o == j) continue;
      fp += e.confusion[o][j];
      fn += e.confusion[j][o];
    }
    double precision = tp + fp > 0 ? tp / (tp + fp) : 0, recall = tp + fn > 0 ? tp / (tp + fn) : 0;
    f1_sum += precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  }
  e.macro_f1 = k ? f1_sum / k : 0;
  return e;
}

std::string FormatEvaluation(const Evaluation& e) {
  std::ostringstream out;
  char buf[128];
  std::snprintf(buf, sizeof buf, "n = %zu, accuracy = %.3f, macro-F1 = %.3f\n", e.n, e.accuracy, e.macro_f1);
  out << buf << "confusion (rows: actual, columns: predicted)\n" << std::string(12, ' ');
  for (const auto& l : e.labels) {
    std::snprintf(buf, sizeof buf, "%10.10s", l.c_str());
    out << buf;
  }
  out << "\n";
  for (std::size_t i = 0; i < e.labels.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%-12.12s", e.labels[i].c_str());
    out << buf;
    for (int v : e.confusion[i]) {
      std::snprintf(buf, sizeof buf, "%10d", v);
      out << buf;
    }
    out << "\n";
  }
  return out.str();
}

}  // namespace peakend::text
