#include "cli/text_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <limits>
#include <set>

#include "cli/options.h"
#include "core/strings.h"
#include "ingest/csv_reader.h"
#include "ingest/labeled_csv.h"
#include "text/analyzer.h"
#include "text/classifier.h"
#include "text/utf8.h"

namespace peakend::text {
namespace {


// Reads a labeled CSV or ends the command with the reason; says how many rows had no label.
// Numeric sentiment labels (-1, 0, 1) become negative, neutral and positive when `numeric` is
// set, and the output says so.
std::vector<LabeledText> ReadLabeled(const std::string& path, const ingest::LabeledCsvOptions& columns, bool numeric,
                                     std::ostream& note) {
  auto labeled = ingest::ReadLabeledCsv(path, columns);
  if (!labeled.ok()) peakend::cli::Fail(labeled.status());
  if (labeled->rows.empty()) peakend::cli::Fail(Status::InvalidArgument("'" + path + "' has no labeled rows"));
  if (labeled->skipped > 0) {
    std::cerr << path << ": " << labeled->skipped << " row(s) without a label were left out\n";
  }
  if (numeric && NameNumericSentimentLabels(labeled->rows)) {
    note << path << ": labels -1, 0 and 1 read as " << kNegativeLabel << ", " << kNeutralLabel << " and "
         << kPositiveLabel << "\n";
  }
  return std::move(labeled->rows);
}

// The labels of `gold` that `model` does not have, sorted, each once.
std::vector<std::string> UnknownLabels(const std::vector<std::string>& gold, const Classifier& model) {
  std::vector<std::string> unknown;
  for (const auto& l : gold) {
    if (std::find(model.labels().begin(), model.labels().end(), l) == model.labels().end()) unknown.push_back(l);
  }
  std::sort(unknown.begin(), unknown.end());
  unknown.erase(std::unique(unknown.begin(), unknown.end()), unknown.end());
  return unknown;
}

void AddColumnOptions(CLI::App* command, ingest::LabeledCsvOptions& columns) {
  command->add_option("--text-column", columns.text_column,
                      "header of the text column (default: text, comment, feedback, review, opmerking, ...)");
  command->add_option("--label-column", columns.label_column,
                      "header of the label column (default: label, sentiment, class, category, ...)");
}

struct AnalyseArgs {
  std::string text;
  std::string data_dir = std::string(PEAKEND_DATA_DIR) + "/text";
  std::vector<std::string> lexicons;
  std::vector<std::string> employees;  // "Sanne=E1"
  std::string language;
  std::string topics, model;
  double blend = 0.5;
  bool pretty = false;
};

}  // namespace

void AddTextCommands(CLI::App& root) {
  auto* text = root.add_subcommand("text", "Text analytics of customer comments (Dutch and English).");
  text->require_subcommand(1);
  auto* analyse = text->add_subcommand(
      "analyse", "Print what Peakend reads in a comment as JSON: language, sentiment, aspects with their own "
                 "sentiment, emotions, life events, circumstances and employee mentions. Without TEXT (or with "
                 "'-') it reads one comment per line from standard input and prints one JSON object per line.");
  analyse->alias("analyze");
  auto args = std::make_shared<AnalyseArgs>();
  auto* comment = analyse->add_option("comment", args->text, "the comment; '-' or nothing reads standard input");
  analyse->add_option("--data-dir", args->data_dir, "folder of lexicon files")->capture_default_str();
  // One value per flag, so that the comment after it is not taken for a second file.
  analyse->add_option("--lexicon", args->lexicons, "an extra lexicon file in Peakend's format, or VADER or AFINN (repeatable)")->allow_extra_args(false);
  analyse->add_option("--employee", args->employees, "an employee to recognise, as FirstName=external_id (repeatable)")
      ->allow_extra_args(false);
  analyse->add_option("--language", args->language, "language to assume when the text gives no evidence (nl or en)")
      ->transform(CLI::IsMember({"nl", "en"}, CLI::ignore_case));
  analyse->add_option("--topics", args->topics, "a topics file (name = query per line) to match");
  analyse->add_option("--model", args->model, "a model from `peakend text train` to blend with the lexicon");
  auto* blend = analyse->add_option("--model-blend", args->blend, "weight of the model in the sentiment, 0..1")->capture_default_str();
  analyse->add_flag("--pretty", args->pretty, "indent the JSON");
  analyse->callback([args, comment, blend] {
    if (blend->count() > 0 && args->model.empty()) {
      peakend::cli::Fail(Status::InvalidArgument("--model-blend weighs a model's sentiment, and no --model was given; "
                                                 "give the model with --model or leave --model-blend out"));
    }
    AnalyzerOptions options;
    options.data_dir = args->data_dir;
    options.extra_lexicons = args->lexicons;
    options.topics_file = args->topics;
    options.model_file = args->model;
    options.model_blend = args->blend;
    auto analyzer = Analyzer::Load(options);
    if (!analyzer.ok()) peakend::cli::Fail(analyzer.status());
    AnalysisContext context;
    context.language_hint = args->language;
    std::vector<EmployeeName> employees;
    for (const auto& e : args->employees) {
      auto eq = e.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == e.size()) {
        std::string missing = eq == std::string::npos ? "has no '='" : eq == 0 ? "has no name before '='" : "has no id after '='";
        peakend::cli::Fail(Status::InvalidArgument("--employee '" + e + "' " + missing + "; write it as FirstName=id, e.g. Sanne=E17"));
      }
      employees.push_back({e.substr(0, eq), e.substr(eq + 1)});
    }
    context.employees = &employees;
    int indent = args->pretty ? 2 : -1;
    auto print = [&](const std::string& comment) {
      std::cout << ToJson((*analyzer)->Analyze(comment, context)).dump(indent, ' ', false,
                                                                      nlohmann::json::error_handler_t::replace)
                << '\n';
    };
    // An empty comment given as an argument ("") is analysed as one, not read from stdin.
    if (comment->count() > 0 && args->text != "-") {
      print(args->text);
      return;
    }
    for (std::string line; std::getline(std::cin, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      print(ingest::TextAsUtf8(line));  // as `peakend import` reads a file
    }
  });

  auto* train = text->add_subcommand(
      "train", "Train a sentiment (or any label) classifier on a labeled CSV with a text and a label column: logistic "
               "regression on hashed word and character n-grams. Use the model with text.model or --model.");
  auto train_file = std::make_shared<std::string>();
  auto out = std::make_shared<std::string>();
  auto train_options = std::make_shared<TrainOptions>();
  auto train_columns = std::make_shared<ingest::LabeledCsvOptions>();
  train->add_option("labeled", *train_file, "CSV with a text and a label column (any order, ',' or ';')")->required();
  AddColumnOptions(train, *train_columns);
  train->add_option("--out", *out, "where to write the model")->required();
  train->add_option("--epochs", train_options->epochs, "passes over the data")
      ->capture_default_str()
      ->check(CLI::Range(kMinTrainEpochs, std::numeric_limits<int>::max()));
  train->add_option("--hash-bits", train_options->hash_bits, "feature space is 2^bits per label")->capture_default_str();
  train->callback([train_file, out, train_options, train_columns] {
    std::error_code unreadable;  // a path that cannot be looked at is no training file either
    if (std::filesystem::exists(*out, unreadable) && std::filesystem::equivalent(*out, *train_file, unreadable)) {
      peakend::cli::Fail(Status::InvalidArgument("--out '" + *out + "' is the training file '" + *train_file +
                                                 "'; the model would overwrite the data: write it to another file"));
    }
    auto data = ReadLabeled(*train_file, *train_columns, true, std::cout);
    auto model = Classifier::Train(data, *train_options);
    if (!model.ok()) {
      peakend::cli::Fail(Status::InvalidArgument("cannot train on '" + *train_file + "': " + model.status().message() +
                                                 " (--text-column and --label-column name the columns)"));
    }
    Status saved = model->Save(*out);
    if (!saved.ok()) peakend::cli::Fail(saved);
    std::vector<std::string> gold, predicted;
    for (const auto& d : data) {
      gold.push_back(d.label);
      predicted.push_back(model->PredictLabel(d.text));
    }
    std::cout << "Trained on " << data.size() << " texts, labels:";
    for (const auto& l : model->labels()) std::cout << ' ' << l;
    std::cout << "\nOn the training data (optimistic; use `peakend text eval` on held-out data):\n"
              << FormatEvaluation(Evaluate(gold, predicted)) << "Model written to " << *out << "\n";
  });

  auto* eval = text->add_subcommand("eval", "Accuracy, macro-F1 and the confusion matrix of a model on a labeled CSV.");
  auto model_file = std::make_shared<std::string>();
  auto eval_file = std::make_shared<std::string>();
  auto eval_columns = std::make_shared<ingest::LabeledCsvOptions>();
  eval->add_option("model", *model_file, "a model from `peakend text train`")->required();
  eval->add_option("labeled", *eval_file, "CSV with a text and a label column (any order, ',' or ';')")->required();
  AddColumnOptions(eval, *eval_columns);
  eval->callback([model_file, eval_file, eval_columns] {
    auto model = Classifier::Load(*model_file);
    if (!model.ok()) peakend::cli::Fail(model.status());
    auto data = ReadLabeled(*eval_file, *eval_columns, model->ScoresSentiment(), std::cerr);
    std::vector<std::string> gold, predicted;
    for (const auto& d : data) gold.push_back(d.label);
    std::vector<std::string> unknown = UnknownLabels(gold, *model);
    std::string labels_said = "the labels " + JoinWithCommas(unknown) + " of '" + *eval_file +
                              "' are not among the model's (" + JoinWithCommas(model->labels()) + ")";
    if (unknown.size() == std::set<std::string>(gold.begin(), gold.end()).size()) {
      peakend::cli::Fail(Status::InvalidArgument(labels_said + "; evaluate it on a file labeled as its training data was"));
    }
    if (!unknown.empty()) std::cerr << "warning: " << labels_said << ": their rows are never predicted right\n";
    for (const auto& d : data) predicted.push_back(model->PredictLabel(d.text));
    std::cout << FormatEvaluation(Evaluate(gold, predicted));
  });
}

}  // namespace peakend::text
