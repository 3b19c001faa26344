// bench_ingest: how fast `peakend import` stores responses (or, with --interactions, interactions).
//
// Generates N responses (default 1,000,000) as CSV and as NDJSON, imports each into a fresh
// SQLite store with the real `peakend` binary, and reports rows/s and the importer's peak
// memory (max RSS from wait4). Runs once with text analytics on and once off, so the cost
// of analysis on ingest is visible. Detection of moments of truth is switched off (--moments
// off): bench_moments measures it. With --postgres, each import goes into a schema of its own
// (bench_csv, bench_ndjson_text, ...) in the PostgreSQL database the URL names, made anew for
// the run and dropped after it unless --keep; nothing else in that database is touched. With
// --interactions it imports N interactions instead (customer, type, time and journey), once
// for each format: text analytics reads responses only.
//
//   bench_ingest [--rows N] [--dir /tmp/peakend-bench] [--keep] [--postgres postgresql://...] [--interactions]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "store/sql/connection.h"

namespace {

// Comments as customers write them, varied enough that analysis does real work.
const char* kComments[] = {
    "Snel geleverd en netjes verpakt, top!",
    "De bezorging was snel maar de medewerker was onbeleefd",
    "Lang moeten wachten aan de telefoon, niet tevreden.",
    "Great service, Sanne was super helpful :)",
    "Product ok but the delivery took forever",
    "retour ging soepel, geld binnen 2 dagen terug",
    "Prijs is wat hoog voor deze kwaliteit",
    "The website kept crashing when I tried to pay. Very frustrating!!",
    "Vriendelijk personeel, winkel was wel rommelig",
    "Niet goed geholpen, niemand wist iets van het product",
};
constexpr int kCommentEvery = 3;  // about a third of responses carry a comment, as in the demo

struct RunResult {
  double seconds = 0;
  long max_rss_kb = 0;
  int exit_code = -1;
};

RunResult Run(const std::vector<std::string>& args, bool text_enabled) {
  std::vector<char*> argv;
  static std::string binary = PEAKEND_BINARY;
  argv.push_back(binary.data());
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    setenv("PEAKEND_TEXT_ENABLED", text_enabled ? "true" : "false", 1);
    freopen("/dev/null", "w", stdout);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  RunResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.max_rss_kb = usage.ru_maxrss;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// The time of row `i` of `rows`: exports are in time order, so the rows are spread evenly over
// 2026.
std::string TimeOfRow(long i, long rows) {
  long minute = i * (365L * 24 * 60) / rows;
  long day_of_year = minute / (24 * 60);
  int month = 1, day = static_cast<int>(day_of_year) + 1;
  for (int days : {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}) {
    if (day <= days) break;
    day -= days;
    ++month;
  }
  char date[32];
  std::snprintf(date, sizeof date, "2026-%02d-%02dT%02ld:%02ld:00Z", month, day, (minute / 60) % 24, minute % 60);
  return date;
}

constexpr long kCustomers = 20000;  // customers the rows are spread over

void Generate(const std::string& csv_path, const std::string& ndjson_path, long rows) {
  std::mt19937_64 rng(20261123);
  std::ofstream csv(csv_path), nd(ndjson_path);
  csv << "external_id,customer,submitted_at,nps,csat,ces,comment\n";
  for (long i = 0; i < rows; ++i) {
    unsigned long r = rng();
    int nps = static_cast<int>(r % 11), csat = 1 + static_cast<int>((r >> 8) % 5), ces = 1 + static_cast<int>((r >> 16) % 7);
    std::string date = TimeOfRow(i, rows);
    std::string customer = "C" + std::to_string((r >> 20) % kCustomers);
    std::string comment = (i % kCommentEvery == 0) ? kComments[(r >> 12) % std::size(kComments)] : "";
    csv << "R" << i << ',' << customer << ',' << date << ',' << nps << ',' << csat << ',' << ces << ",\"" << comment
        << "\"\n";
    nd << "{\"external_id\":\"R" << i << "\",\"customer\":\"" << customer << "\",\"submitted_at\":\"" << date
       << "\",\"nps\":" << nps << ",\"csat\":" << csat << ",\"ces\":" << ces;
    if (!comment.empty()) nd << ",\"comment\":\"" << comment << '"';
    nd << "}\n";
  }
}

// Interactions of the kinds a webshop records, each customer's in journeys of a few.
void GenerateInteractions(const std::string& csv_path, const std::string& ndjson_path, long rows) {
  constexpr const char* kTypes[] = {"order", "delivery", "return", "contact_chat", "contact_email", "shop_visit"};
  constexpr long kJourneysPerCustomer = 4;
  std::mt19937_64 rng(20261201);
  std::ofstream csv(csv_path), nd(ndjson_path);
  csv << "external_id,type,occurred_at,customer,journey_id\n";
  for (long i = 0; i < rows; ++i) {
    unsigned long r = rng();
    std::string date = TimeOfRow(i, rows);
    long customer_number = static_cast<long>((r >> 20) % kCustomers);
    std::string customer = "C" + std::to_string(customer_number);
    std::string journey = "J" + std::to_string(customer_number) + "-" + std::to_string((r >> 8) % kJourneysPerCustomer);
    const char* type = kTypes[r % std::size(kTypes)];
    csv << "X" << i << ',' << type << ',' << date << ',' << customer << ',' << journey << '\n';
    nd << "{\"external_id\":\"X" << i << "\",\"type\":\"" << type << "\",\"occurred_at\":\"" << date
       << "\",\"customer\":\"" << customer << "\",\"journey_id\":\"" << journey << "\"}\n";
  }
}

// The schema of one run in the PostgreSQL database at `base_url`, empty, and the URL that makes
// it the import's only schema (as the store tests do).
struct PostgresTarget {
  std::string base_url, schema;
  std::string Url() const {
    return base_url + (base_url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
  }
  bool Exec(const std::string& sql) const {
    auto conn = peakend::sql::OpenPostgres(base_url);
    peakend::Status done = conn.ok() ? (*conn)->Exec(sql) : conn.status();
    if (!done.ok()) std::fprintf(stderr, "bench_ingest: %s\n", done.ToString().c_str());
    return done.ok();
  }
  bool Create() const { return Exec("CREATE SCHEMA " + schema); }
  bool Drop() const { return Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE"); }
};

}  // namespace

int main(int argc, char** argv) {
  long rows = 1000000;
  std::string dir = "/tmp/peakend-bench";
  bool keep = false;
  std::string postgres;  // empty: SQLite files in `dir`
  bool interactions = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rows" && i + 1 < argc) rows = std::atol(argv[++i]);
    else if (a == "--dir" && i + 1 < argc) dir = argv[++i];
    else if (a == "--keep") keep = true;
    else if (a == "--postgres" && i + 1 < argc) postgres = argv[++i];
    else if (a == "--interactions") interactions = true;
    else {
      std::fprintf(stderr,
                   "usage: bench_ingest [--rows N] [--dir DIR] [--keep] [--postgres postgresql://...] [--interactions]\n");
      return 2;
    }
  }
  std::filesystem::create_directories(dir);
  const char* kind = interactions ? "interactions" : "responses";
  std::string csv = dir + "/" + kind + ".csv", nd = dir + "/" + kind + ".ndjson";
  std::printf("generating %ld %s as CSV and NDJSON in %s ...\n", rows, kind, dir.c_str());
  (interactions ? GenerateInteractions : Generate)(csv, nd, rows);
  std::printf("importing into %s\n", postgres.empty() ? "fresh SQLite files" : "fresh schemas of a PostgreSQL database");
  std::printf("%-8s %-5s %12s %10s %14s\n", "format", "text", "seconds", "rows/s", "peak RSS MiB");
  int failures = 0;
  for (bool text : {false, true}) {
    if (text && interactions) break;
    for (const auto& [format, file] : {std::pair{"csv", csv}, std::pair{"ndjson", nd}}) {
      std::string db = dir + "/bench-" + format + (text ? "-text" : "") + ".db";
      PostgresTarget target{postgres, std::string("bench_") + format + (text ? "_text" : "")};
      auto discard = [&] {
        if (!postgres.empty()) return target.Drop();
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
        return true;
      };
      if (!discard() || (!postgres.empty() && !target.Create())) return 1;
      RunResult r = Run({"import", kind, file, "--database", postgres.empty() ? db : target.Url(), "--moments",
                         "off"},
                        text);
      if (r.exit_code != 0) {
        std::printf("%-8s %-5s import failed with exit code %d\n", format, text ? "on" : "off", r.exit_code);
        ++failures;
      } else {
        std::printf("%-8s %-5s %12.2f %10.0f %14.1f\n", format, text ? "on" : "off", r.seconds, rows / r.seconds,
                    r.max_rss_kb / 1024.0);
      }
      std::fflush(stdout);
      if (!keep) discard();
    }
  }
  if (!keep) {
    std::filesystem::remove(csv);
    std::filesystem::remove(nd);
  }
  return failures ? 1 : 0;
}
