// bench_text_accuracy: how well and how fast Peakend reads sentiment.
//
//   bench_text_accuracy LABELED.csv [--folds K] [--repeat N]
//
// LABELED.csv has the columns text and label (negative / neutral / positive). Prints, for the
// lexicon engine and for a classifier trained with K-fold cross-validation: accuracy, macro-F1
// and the confusion matrix; and the lexicon engine's throughput in texts per second on one
// core (each text analysed N times). With --predictions it prints one "label<TAB>text" line
// per text instead, for comparison tools.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "ingest/labeled_csv.h"
#include "text/analyzer.h"
#include "text/classifier.h"

using namespace peakend;

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_text_accuracy LABELED.csv [--folds K] [--repeat N]\n");
    return 2;
  }
  std::string path = argv[1];
  int folds = 5, repeat = 200;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--folds") folds = std::max(2, std::atoi(argv[i + 1]));
    if (a == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
  }
  auto labeled = ingest::ReadLabeledCsv(path);
  if (!labeled.ok()) {
    std::fprintf(stderr, "%s\n", labeled.status().message().c_str());
    return 1;
  }
  std::vector<text::LabeledText> data = std::move(labeled->rows);
  auto analyzer = text::Analyzer::Load({});
  if (!analyzer.ok()) {
    std::fprintf(stderr, "%s\n", analyzer.status().message().c_str());
    return 1;
  }
  std::vector<std::string> gold, lexicon;
  for (const auto& d : data) {
    gold.push_back(d.label);
    lexicon.push_back((*analyzer)->Analyze(d.text).label);
  }
  std::cout << "== " << path << ": " << data.size() << " labeled texts\n\n-- lexicon engine\n"
            << text::FormatEvaluation(text::Evaluate(gold, lexicon));

  // K-fold: every text is predicted by a model that did not see it.
  std::vector<std::string> model_predictions(data.size());
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
  }
  std::cout << "\n-- trained classifier, " << folds << "-fold cross-validation\n"
            << text::FormatEvaluation(text::Evaluate(gold, model_predictions));

  auto start = std::chrono::steady_clock::now();
  std::size_t analysed = 0;
  double sink = 0;
  for (int r = 0; r < repeat; ++r) {
    for (const auto& d : data) {
      sink += (*analyzer)->Analyze(d.text).sentiment;
      ++analysed;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("\n-- throughput (one core): %.0f texts/s (%zu analyses in %.2f s)%s\n", analysed / seconds, analysed,
              seconds, sink == 12345.678 ? " " : "");
  return 0;
}
