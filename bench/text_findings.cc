// bench_text_findings: how well Peakend finds the aspects of a comment (and their sentiment),
// its life events, its emotions or the people close to the customer it tells of.
//
//   bench_text_findings LABELED.tsv [--kind aspects|life_events|emotions|circumstances] [--language nl|en] [--show]
//
// LABELED.tsv has one comment a line: the text, a tab, and what a reader found in it, comma
// separated. Aspects are written name:+ (praised), name:- (faulted) or name:0 (named without a
// verdict), with the names of data/text/aspects.txt ("De bezorging was snel maar de medewerker
// onbeleefd<TAB>delivery:+,staff_friendliness:-"); life events and emotions by name alone ("We
// zijn net verhuisd<TAB>moving_house"); circumstances by the word for the person as the comment
// writes it, without its possessive ("Mijn moeder ligt in het ziekenhuis<TAB>moeder"). An empty second field says the comment has none.
// Prints, per name and overall, how many were found that the reader found (precision), how many
// the reader found were found (recall), F1, and for aspects how often a found aspect's label
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

enum class Kind { kAspects, kLifeEvents, kEmotions, kCircumstances };

struct LabeledComment {
  std::string text;
  std::map<std::string, std::string> found;  // name -> label (aspects) or "" (the others)
  int line = 0;
};

struct Counts {
  int found_right = 0, found_wrong = 0, missed = 0, label_right = 0;
  void Print(const char* name, bool labelled) const {
    auto share = [](int part, int whole) { return whole > 0 ? static_cast<double>(part) / whole : 0.0; };
    double precision = share(found_right, found_right + found_wrong), recall = share(found_right, found_right + missed);
    double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
    std::printf("%-20s %5d %5d %5d   %.3f  %.3f  %.3f", name, found_right, found_wrong, missed, precision, recall, f1);
    if (labelled) std::printf("   %.3f", share(label_right, found_right));
    std::printf("\n");
  }
};

std::optional<std::string> LabelOf(std::string_view mark) {
  if (mark == "+") return "positive";
  if (mark == "-") return "negative";
  if (mark == "0") return "neutral";
  return std::nullopt;
}

// Reads the file, or says on which line and why it cannot.
bool ReadLabeled(const std::string& path, Kind kind, std::vector<LabeledComment>& out) {
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
      std::fprintf(stderr, "%s:%d: expected the comment, one tab and what a reader found in it (no other tab)\n", path.c_str(), number);
      return false;
    }
    LabeledComment comment{line.substr(0, tab), {}, number};
    std::string_view rest = std::string_view(line).substr(tab + 1);
    while (!rest.empty()) {
      std::size_t comma = rest.find(',');
      std::string_view item = TrimSpace(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (item.empty()) continue;
      if (kind != Kind::kAspects) {
        comment.found[std::string(item)] = "";
        continue;
      }
      std::size_t colon = item.rfind(':');
      std::optional<std::string> label = colon == std::string_view::npos ? std::nullopt : LabelOf(item.substr(colon + 1));
      if (!label) {
        std::fprintf(stderr, "%s:%d: '%.*s' is not name:+, name:- or name:0\n", path.c_str(), number,
                     static_cast<int>(item.size()), item.data());
        return false;
      }
      comment.found[std::string(item.substr(0, colon))] = *label;
    }
    out.push_back(std::move(comment));
  }
  return true;
}


// What Peakend found in `analysis` of the kind asked for: name -> label (aspects) or "".
std::map<std::string, std::string> FoundIn(const text::Analysis& analysis, Kind kind) {
  std::map<std::string, std::string> found;
  if (kind == Kind::kAspects) {
    for (const text::AspectResult& aspect : analysis.aspects) found[aspect.name] = std::string(text::SentimentLabel(aspect.sentiment));
    return found;
  }
  const std::vector<text::Finding>& findings = kind == Kind::kLifeEvents ? analysis.life_events
                                               : kind == Kind::kEmotions  ? analysis.emotions
                                                                          : analysis.circumstances;
  for (const text::Finding& finding : findings) found[finding.name] = "";
  return found;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"How well Peakend finds the aspects, life events, emotions or circumstances of comments"};
  std::string file, language, kind_name = "aspects";
  bool show = false;
  app.add_option("file", file, "Comments and what a reader found: text<TAB>name:+,name:-,name:0 (aspects) or text<TAB>name,name")
      ->required();
  app.add_option("--kind", kind_name, "What to compare: aspects, life_events, emotions or circumstances")
      ->check(CLI::IsMember({"aspects", "life_events", "emotions", "circumstances"}));
  app.add_option("--language", language, "Language to assume when a comment gives no evidence (nl or en)")
      ->check(CLI::IsMember({"nl", "en"}));
  app.add_flag("--show", show, "List every aspect found wrongly, missed or labelled otherwise");
  CLI11_PARSE(app, argc, argv);

  const Kind kind = kind_name == "aspects"       ? Kind::kAspects
                    : kind_name == "life_events" ? Kind::kLifeEvents
                    : kind_name == "emotions"    ? Kind::kEmotions
                                                 : Kind::kCircumstances;
  std::vector<LabeledComment> comments;
  if (!ReadLabeled(file, kind, comments)) return 1;
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
  std::map<std::string, Counts> per_name;
  Counts all;
  for (const LabeledComment& comment : comments) {
    std::map<std::string, std::string> found = FoundIn((*analyzer)->Analyze(comment.text, context), kind);
    for (const auto& [name, label] : found) {
      Counts& counts = per_name[name];
      auto reader = comment.found.find(name);
      if (reader == comment.found.end()) {
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
    for (const auto& [name, label] : comment.found) {
      if (found.count(name)) continue;
      ++per_name[name].missed, ++all.missed;
      if (show) std::printf("line %d: missed %s (%s): %s\n", comment.line, name.c_str(), label.c_str(), comment.text.c_str());
    }
  }
  std::printf("%zu comments, %s\n", comments.size(), file.c_str());
  std::printf("%-20s %5s %5s %5s   %-5s  %-5s  %-5s   %s\n", kind_name.c_str(), "right", "wrong", "miss", "prec", "rec", "F1",
              kind == Kind::kAspects ? "label" : "");
  for (const auto& [name, counts] : per_name) counts.Print(name.c_str(), kind == Kind::kAspects);
  all.Print("all", kind == Kind::kAspects);
  return 0;
}
