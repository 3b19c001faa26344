#include "cli/text_command.h"

#include <iostream>

#include "cli/options.h"
#include "text/analyzer.h"

namespace peakend::text {
namespace {

struct AnalyseArgs {
  std::string text;
  std::string data_dir = std::string(PEAKEND_DATA_DIR) + "/text";
  std::vector<std::string> lexicons;
  std::vector<std::string> employees;  // "Sanne=E1"
  std::string language;
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
  analyse->add_option("comment", args->text, "the comment; '-' or nothing reads standard input");
  analyse->add_option("--data-dir", args->data_dir, "folder of lexicon files")->capture_default_str();
  analyse->add_option("--lexicon", args->lexicons, "an extra lexicon file in Peakend's format (repeatable)");
  analyse->add_option("--employee", args->employees, "an employee to recognise, as FirstName=external_id (repeatable)");
  analyse->add_option("--language", args->language, "language to assume when the text gives no evidence (nl or en)");
  analyse->add_flag("--pretty", args->pretty, "indent the JSON");
  analyse->callback([args] {
    AnalyzerOptions options;
    options.data_dir = args->data_dir;
    options.extra_lexicons = args->lexicons;
    auto analyzer = Analyzer::Load(options);
    if (!analyzer.ok()) peakend::cli::Fail(analyzer.status());
    AnalysisContext context;
    context.language_hint = args->language;
    for (const auto& e : args->employees) {
      auto eq = e.find('=');
      if (eq == std::string::npos) {
        peakend::cli::Fail(Status::InvalidArgument("--employee '" + e + "' should look like Sanne=E17"));
      }
      context.employees.push_back({e.substr(0, eq), e.substr(eq + 1)});
    }
    int indent = args->pretty ? 2 : -1;
    auto print = [&](const std::string& comment) {
      std::cout << ToJson((*analyzer)->Analyze(comment, context)).dump(indent, ' ', false,
                                                                      nlohmann::json::error_handler_t::replace)
                << '\n';
    };
    if (!args->text.empty() && args->text != "-") {
      print(args->text);
      return;
    }
    for (std::string line; std::getline(std::cin, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      print(line);
    }
  });
}

}  // namespace peakend::text
