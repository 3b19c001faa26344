// bench_text_floor LABELED.csv [--repeat N]: the least a reading of each comment costs on this
// machine with Peakend's own parts and nothing else: the bytes folded and classified sixteen at
// a time (AsciiScan), the words cut from the masks, and each word looked up once in a hash
// table of every word of the set (WordIndex). Printed beside the sentiment reading of the same
// comments, it tells how much of that time the rules take and how far any design built on these
// parts can go. Plain ASCII comments only (the others are counted and skipped).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "ingest/labeled_csv.h"
#include "text/analyzer.h"
#include "text/ascii_scan.h"
#include "text/word_index.h"

namespace {

constexpr int kDefaultRepeat = 1000;
constexpr std::size_t kPadding = 16;  // readable bytes after each folded word (WordIndex::IndexOfPadded)

using Clock = std::chrono::steady_clock;

double NanosecondsPer(Clock::time_point start, std::size_t count) {
  return std::chrono::duration<double, std::nano>(Clock::now() - start).count() / static_cast<double>(count);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace peakend;
  CLI::App app{"The least a reading of each comment costs: scan, cut and one lookup per word"};
  std::string file;
  int repeat = kDefaultRepeat;
  app.add_option("file", file, "Labeled CSV (a text column)")->required();
  app.add_option("--repeat", repeat, "Passes over the comments")->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  auto labeled = ingest::ReadLabeledCsv(file);
  if (!labeled.ok()) {
    std::fprintf(stderr, "%s\n", labeled.status().ToString().c_str());
    return 1;
  }
  std::vector<std::string> texts;
  std::size_t skipped = 0;
  text::AsciiScan scan;
  std::string folded;
  for (const auto& row : labeled->rows) {
    folded.assign(row.text.size() + kPadding, '\0');
    if (scan.Scan(row.text, folded.data())) texts.push_back(row.text);
    else ++skipped;
  }
  if (texts.empty()) {
    std::fprintf(stderr, "%s has no plain ASCII comments to read\n", file.c_str());
    return 1;
  }

  // Every word of the set in the table first, as a thread's word profiles hold them.
  text::WordIndex<int> words;
  auto for_each_word = [&](const std::string& comment, auto&& look_up) {
    folded.assign(comment.size() + kPadding, '\0');
    scan.Scan(comment, folded.data());
    scan.ForEachSegment(comment, [&](std::int32_t begin, std::int32_t end, bool word, int, bool) {
      if (word) look_up(std::string_view(folded.data() + begin, static_cast<std::size_t>(end - begin)));
    });
  };
  for (const auto& comment : texts) for_each_word(comment, [&](std::string_view w) { words[w] = 1; });

  std::size_t sink = 0, count = 0;
  auto start = Clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const auto& comment : texts) {
      for_each_word(comment, [&](std::string_view w) { sink += static_cast<std::size_t>(words.IndexOfPadded(w)); });
      ++count;
    }
  }
  double floor = NanosecondsPer(start, count);

  auto analyzer = text::Analyzer::Load({});
  if (!analyzer.ok()) {
    std::fprintf(stderr, "%s\n", analyzer.status().ToString().c_str());
    return 1;
  }
  text::AnalysisContext sentiment_only;
  sentiment_only.depth = text::AnalysisDepth::kSentiment;
  double sum = 0;
  for (const auto& comment : texts) sum += (*analyzer)->Analyze(comment, sentiment_only).sentiment;  // profiles made
  count = 0;
  start = Clock::now();
  for (int r = 0; r < repeat; ++r) {
    for (const auto& comment : texts) {
      sum += (*analyzer)->Analyze(comment, sentiment_only).sentiment;
      ++count;
    }
  }
  double reading = NanosecondsPer(start, count);
  std::printf("%zu plain ASCII comments (%zu others skipped), %d passes, one core\n", texts.size(), skipped, repeat);
  std::printf("scan, cut and look up each word: %.0f ns a comment\n", floor);
  std::printf("Peakend's sentiment reading:     %.0f ns a comment\n", reading);
  std::printf("(checksums %zu %.3f)\n", sink, sum);
  return 0;
}
