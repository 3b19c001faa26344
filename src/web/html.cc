#include "web/html.h"

#include <cstdio>

namespace peakend::web {

std::string Escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string Signed(std::optional<double> value, int decimals) {
  if (!value) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.*f", decimals, *value);
  // A change that rounds to nothing has no direction: "0.0", not "-0.0" or "+0.0".
  std::string_view digits(buf + 1);
  if (digits.find_first_not_of("0.") == std::string_view::npos) return std::string(digits);
  return buf;
}

std::string Fixed(std::optional<double> value, int decimals, std::string_view suffix) {
  if (!value) return "—";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, *value);
  return std::string(buf) + std::string(suffix);
}

}  // namespace peakend::web
