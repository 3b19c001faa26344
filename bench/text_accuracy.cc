// bench_text_accuracy: how well and how fast Peakend reads sentiment.
//
//   bench_text_accuracy LABELED.csv [--folds K] [--repeat N] [--write-normalized OUT.csv]
//
// LABELED.csv has a text and a label column (negative / neutral / positive), read as
// `peakend text train` reads it (usual column names, ';' or ',', labels in any usual
// spelling). Prints, for the lexicon engine and for a classifier trained with K-fold
// cross-validation: accuracy, macro-F1 and the confusion matrix; and the lexicon engine's
// throughput in texts per second on one core (each text analysed N times), for sentiment only
// and for the full analysis, and that of the last fold's model scoring the texts (what blending
// a model in with `text.model` adds to each reading).
// --write-normalized also writes the texts as a plain text,label CSV, so that other tools
// (bench/text_peers) read exactly the same texts and labels.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

#include "ingest/csv_reader.h"
#include "ingest/labeled_csv.h"
#include "text/analyzer.h"
#include "text/classifier.h"

using namespace peakend;

int main(int argc, char** argv) {
  constexpr const char* kUsage =
      "usage: bench_text_accuracy LABELED.csv [--folds K] [--repeat N] [--write-normalized OUT.csv]\n"
      "  LABELED.csv: columns text,label (negative / neutral / positive)\n"
      "  --folds K    cross-validation folds for the trained classifier (default 5)\n"
      "  --repeat N   passes over the texts for the throughput figures (default 200)\n"
      "  --write-normalized OUT.csv  also write the texts as read, for other tools\n";
  if (argc < 2 || std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string path = argv[1];
  int folds = 5, repeat = 200;
  std::string normalized;
  for (int i = 2; i < argc; i += 2) {
    std::string a = argv[i];
    if (i + 1 == argc) {
      std::fprintf(stderr, "option '%s' needs a value\n%s", a.c_str(), kUsage);
      return 2;
    }
    if (a == "--folds") folds = std::max(2, std::atoi(argv[i + 1]));
    else if (a == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--write-normalized") normalized = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option '%s'\n", a.c_str());
      return 2;
    }
  }
  auto labeled = ingest::ReadLabeledCsv(path);
  if (!labeled.ok()) {
    std::fprintf(stderr, "%s\n", labeled.status().message().c_str());
    return 1;
  }
  std::vector<text::LabeledText> data = std::move(labeled->rows);
  if (!normalized.empty()) {
    std::FILE* out = std::fopen(normalized.c_str(), "wb");
    if (!out) {
      std::fprintf(stderr, "cannot write '%s'\n", normalized.c_str());
      return 1;
    }
    ingest::CsvWriter csv(out);
    csv.Row({"text", "label"});
    for (const auto& d : data) csv.Row({d.text, d.label});
    std::fclose(out);
  }
  auto analyzer = text::Analyzer::Load({});
  if (!analyzer.ok()) {
    std::fprintf(stderr, "%s\n", analyzer.status().message().c_str());
    return 1;
  }
  std::vector<std::string> gold, lexicon;
  for (const auto& d : data) {
    gold.push_back(d.label);
    text::AnalysisContext sentiment_only;
    sentiment_only.depth = text::AnalysisDepth::kSentiment;
    lexicon.push_back((*analyzer)->Analyze(d.text, sentiment_only).label);
  }
  std::cout << "== " << path << ": " << data.size() << " labeled texts\n\n-- lexicon engine\n"
            << text::FormatEvaluation(text::Evaluate(gold, lexicon));

  // K-fold: every text is predicted by a model that did not see it.
  std::vector<std::string> model_predictions(data.size());
  std::optional<text::Classifier> last_model;  // for its throughput
  for (int f = 0; f < folds; ++f) {
    std::vector<text::LabeledText> train;
    for (std::size_t i = 0; i < data.size(); ++i) {
      if (static_cast<int>(i % folds) != f) train.push_back(data[i]);
    }
    auto model = text::Classifier::Train(train);
    if (!model.ok()) {
      std::fprintf(stderr, "%s\n", model.status().message().c_str());
      return 1;
    }
    for (std::size_t i = f; i < data.size(); i += folds) model_predictions[i] = model->PredictLabel(data[i].text);
    last_model = std::move(*model);
  }
  std::cout << "\n-- trained classifier, " << folds << "-fold cross-validation\n"
            << text::FormatEvaluation(text::Evaluate(gold, model_predictions));

  // Prints how many texts a second `score` reads on this core, `repeat` passes over the texts;
  // every score is summed, so that none can be optimised away.
  auto throughput = [&](const char* before, const char* what, const char* unit, auto&& score) {
    auto start = std::chrono::steady_clock::now();
    std::size_t count = 0;
    double sink = 0;
    for (int r = 0; r < repeat; ++r) {
      for (const auto& d : data) {
        sink += score(d.text);
        ++count;
      }
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%s-- throughput (one core), %s: %.0f texts/s (%zu %s in %.2f s)%s\n", before, what, count / seconds, count,
                unit, seconds, sink == 12345.678 ? " " : "");
  };
  // Sentiment only is the task the peers (bench/text_peers) do; the full analysis adds aspects,
  // emotions, life events and the phrases they came from.
  for (auto depth : {text::AnalysisDepth::kSentiment, text::AnalysisDepth::kFull}) {
    text::AnalysisContext context;
    context.depth = depth;
    bool sentiment = depth == text::AnalysisDepth::kSentiment;
    throughput(sentiment ? "\n" : "", sentiment ? "sentiment" : "full analysis", "analyses",
               [&](const std::string& t) { return (*analyzer)->Analyze(t, context).sentiment; });
  }
  // What a configured model (`text.model`) adds to every reading: its own score of the comment.
  throughput("", "trained model's score alone", "scores", [&](const std::string& t) { return last_model->SentimentScore(t); });
  return 0;
}
