// Small helpers for server-rendered HTML: escaping and number formatting.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace peakend::web {

std::string Escape(std::string_view text);
// "+23.4", "—" for no value.
std::string Signed(std::optional<double> value, int decimals = 1);
std::string Fixed(std::optional<double> value, int decimals = 1, std::string_view suffix = "");

}  // namespace peakend::web
