// bench_text_aspects: how well Peakend finds the aspects of a comment and their sentiment.
//
//   bench_text_aspects LABELED.tsv [--language nl|en] [--show]
//
// LABELED.tsv has one comment a line: the text, a tab, and the aspects a reader found in it,
// comma separated, each as name:+ (praised), name:- (faulted) or name:0 (named without a
// verdict), with the names of data/text/aspects.txt ("De bezorging was snel maar de medewerker
// onbeleefd<TAB>delivery:+,staff_friendliness:-"). An empty second field says the comment names
// none. Prints, per aspect and overall, how many were found that the reader found (precision),
// how many the reader found were found (recall), F1, and how often a found aspect's label
// (positive / neutral / negative) is the reader's. --show lists every miss.
#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "core/strings.h"
#include "text/analyzer.h"

namespace {

using namespace peakend;

struct LabeledComment {
  std::string text;
  std::map<std::string, std::string> aspects;  // name -> label
  int line = 0;
};

struct Counts {
  int found_right = 0, found_wrong = 0, missed = 0, label_right = 0;
  void Print(const char* name) const {
    auto share = [](int part, int whole) { return whole > 0 ? static_cast<double>(part) / whole : 0.0; };
    double precision = share(found_right, found_right + found_wrong), recall = share(found_right, found_right + missed);
    double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    std::printf("%-20s %5d %5d %5d   %.3f  %.3f  %.3f   %.3f\n", name, found_right, found_wrong, missed, precision, recall, f1,
                share(label_right, found_right));
  }
};

std::optional<std::string> LabelOf(std::string_view mark) {
  if (mark == "+") return "positive";
  if (mark == "-") return "negative";
  if (mark == "0") return "neutral";
  return std::nullopt;
}

// Reads the file, or says on which line and why it cannot.
bool ReadLabeled(const std::string& path, std::vector<LabeledComment>& out) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "cannot open '%s': check that the file exists and is readable\n", path.c_str());
    return false;
  }
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (TrimSpace(line).empty()) continue;
    std::size_t tab = line.find('\t');
    if (tab == std::string::npos || line.find('\t', tab + 1) != std::string::npos) {
      std::fprintf(stderr, "%s:%d: expected the comment, one tab and its aspects\n", path.c_str(), number);
      return false;
    }
    LabeledComment comment{line.substr(0, tab), {}, number};
    std::string_view rest = std::string_view(line).substr(tab + 1);
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view item = TrimSpace(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (item.empty()) continue;
      std::size_t colon = item.rfind(':');
      std::optional<std::string> label = colon == std::string_view::npos ? std::nullopt : LabelOf(item.substr(colon + 1));
      if (!label) {
        std::fprintf(stderr, "%s:%d: '%.*s' is not name:+, name:- or name:0\n", path.c_str(), number,
                     static_cast<int>(item.size()), item.data());
        return false;
      }
      comment.aspects[std::string(item.substr(0, colon))] = *label;
    }
    out.push_back(std::move(comment));
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"How well Peakend finds the aspects of comments and their sentiment"};
  std::string file, language;
  bool show = false;
  app.add_option("file", file, "Comments and their aspects: text<TAB>name:+,name:-,name:0")->required();
  app.add_option("--language", language, "Language to assume when a comment gives no evidence (nl or en)")
      ->check(CLI::IsMember({"nl", "en"}));
  app.add_flag("--show", show, "List every aspect found wrongly, missed or labelled otherwise");
  CLI11_PARSE(app, argc, argv);

  std::vector<LabeledComment> comments;
  if (!ReadLabeled(file, comments)) return 1;
  if (comments.empty()) {
    std::fprintf(stderr, "%s has no comments\n", file.c_str());
    return 1;
  }
  auto analyzer = text::Analyzer::Load({});
  if (!analyzer.ok()) {
    std::fprintf(stderr, "%s\n", analyzer.status().ToString().c_str());
    return 1;
  }
  text::AnalysisContext context;
  context.language_hint = language;
  std::map<std::string, Counts> per_aspect;
  Counts all;
  for (const LabeledComment& comment : comments) {
    text::Analysis analysis = (*analyzer)->Analyze(comment.text, context);
    std::map<std::string, std::string> found;
    for (const text::AspectResult& aspect : analysis.aspects) found[aspect.name] = std::string(text::SentimentLabel(aspect.sentiment));
    for (const auto& [name, label] : found) {
      Counts& counts = per_aspect[name];
      auto reader = comment.aspects.find(name);
      if (reader == comment.aspects.end()) {
        ++counts.found_wrong, ++all.found_wrong;
        if (show) std::printf("line %d: found %s (%s), not named: %s\n", comment.line, name.c_str(), label.c_str(), comment.text.c_str());
        continue;
      }
      ++counts.found_right, ++all.found_right;
      if (reader->second == label) {
        ++counts.label_right, ++all.label_right;
      } else if (show) {
        std::printf("line %d: %s %s, the reader says %s: %s\n", comment.line, name.c_str(), label.c_str(), reader->second.c_str(),
                    comment.text.c_str());
      }
    }
    for (const auto& [name, label] : comment.aspects) {
      if (found.count(name)) continue;
      ++per_aspect[name].missed, ++all.missed;
      if (show) std::printf("line %d: missed %s (%s): %s\n", comment.line, name.c_str(), label.c_str(), comment.text.c_str());
    }
  }
  std::printf("%zu comments, %s\n", comments.size(), file.c_str());
  std::printf("%-20s %5s %5s %5s   %-5s  %-5s  %-5s   %s\n", "aspect", "right", "wrong", "miss", "prec", "rec", "F1", "label");
  for (const auto& [name, counts] : per_aspect) counts.Print(name.c_str());
  all.Print("all");
  return 0;
}
