// peakend: the command-line entry point. Each subcommand lives in its own file and is a thin
// layer over the library.
#include <CLI/CLI.hpp>

#include "cli/options.h"
#include "cli/text_command.h"

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
  CLI11_PARSE(app, argc, argv);
  return 0;
}
