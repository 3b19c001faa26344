// `peakend text ...`: see what Peakend understands of a comment.
#pragma once

#include <CLI/CLI.hpp>

namespace peakend::text {

void AddTextCommands(CLI::App& app);

}  // namespace peakend::text
