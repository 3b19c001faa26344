// peakend: the command-line entry point. Each subcommand lives in its own file and is a thin
// layer over the library.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "cli/options.h"
#include "cli/text_command.h"

namespace {

// Letters to add, drop or change to turn `a` into `b` (Levenshtein distance).
std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// A command closer than this many letters to a mistyped one is suggested.
constexpr std::size_t kMaxSuggestionDistance = 3;

// Names a mistyped command ("peakend serv", "peakend cases lst"), with the closest command and
// the list, where CLI11 would only say that a subcommand is required. 0 when the words are fine.
int ReportUnknownCommand(CLI::App& app, int argc, char** argv) {
  CLI::App* level = &app;
  std::string path = "peakend";
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (word.empty() || word[0] == '-') return 0;  // options are CLI11's to check
    auto commands = level->get_subcommands([](CLI::App*) { return true; });
    if (commands.empty() || level->get_require_subcommand_min() == 0) return 0;  // a command's own arguments
    auto known = std::find_if(commands.begin(), commands.end(), [&](CLI::App* c) { return c->check_name(word); });
    if (known != commands.end()) {
      level = *known;
      path += " " + level->get_name();
      continue;
    }
    std::string names, closest;
    std::size_t best = kMaxSuggestionDistance + 1;
    for (CLI::App* c : commands) {
      names += (names.empty() ? "" : ", ") + c->get_name();
      if (std::size_t d = EditDistance(word, c->get_name()); d < best) {
        best = d;
        closest = c->get_name();
      }
    }
    std::string suggestion = closest.empty() ? "" : " Did you mean '" + closest + "'?";
    std::fprintf(stderr, "%s: '%s' is not a command.%s Commands: %s (see `%s --help`).\n", path.c_str(), word.c_str(),
                 suggestion.c_str(), names.c_str(), path.c_str());
    return static_cast<int>(CLI::ExitCodes::ExtrasError);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Peakend: turn every customer contact into a measured experience, and every measured "
               "experience into action.",
               "peakend"};
  app.set_version_flag("--version", std::string("peakend ") + PEAKEND_VERSION);
  app.require_subcommand(1);
  app.footer("Run `peakend <command> --help` for the options of a command.");
  peakend::cli::AddServeCommands(app);
  peakend::cli::AddImportCommand(app);
  peakend::cli::AddReportCommand(app);
  peakend::cli::AddExportCommand(app);
  peakend::cli::AddCasesCommands(app);
  peakend::cli::AddSettingsCommand(app);
  peakend::text::AddTextCommands(app);
  if (argc == 1) {  // no command at all: what there is to do
    std::fputs(app.help().c_str(), stdout);
    return 0;
  }
  if (int unknown = ReportUnknownCommand(app, argc, argv)) return unknown;
  CLI11_PARSE(app, argc, argv);
  return 0;
}
