#include "http/request_target.h"

#include "core/strings.h"

namespace peakend::http {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      int high = HexValue(text[i + 1]), low = HexValue(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out += static_cast<char>(high * 16 + low);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

RequestTarget ParseRequestTarget(std::string_view target) {
  // The absolute form a client may send ("http://shop.example:8080/api/v1/health?x=1", RFC 9112
  // 3.2.2) names the path of its origin form.
  std::string origin_form;
  for (std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (target.size() < scheme.size() || AsciiLower(target.substr(0, scheme.size())) != scheme) continue;
    std::size_t after_authority = target.find_first_of("/?", scheme.size());
    std::string_view rest = after_authority == std::string_view::npos ? "" : target.substr(after_authority);
    origin_form = rest.empty() || rest.front() == '?' ? "/" + std::string(rest) : std::string(rest);
    target = origin_form;
    break;
  }
  RequestTarget parsed;
  std::size_t question = target.find('?');
  parsed.path = PercentDecode(target.substr(0, question), false);
  if (question == std::string_view::npos) return parsed;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    std::size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    std::size_t equals = pair.find('=');
    std::string_view name = pair.substr(0, equals);
    if (name.empty()) continue;
    std::string_view value = equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    parsed.query.emplace(PercentDecode(name, true), PercentDecode(value, true));
  }
  return parsed;
}

}  // namespace peakend::http
