// ResponseEnricher: runs the text analysis on a response's comment before it is written, so
// sentiment, aspects, emotions, context facts and employee mentions are stored with it.
// Runs on the caller's thread (HTTP worker or import reader), never on the writer thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/model.h"
#include "core/status.h"
#include "store/store.h"
#include "text/analyzer.h"

namespace peakend {

class ResponseEnricher {
 public:
  // `analyzer` may be null (text analysis switched off): Enrich then only checks UTF-8.
  ResponseEnricher(Store& store, const text::Analyzer* analyzer);

  // Repairs nothing silently: an invalid UTF-8 comment is an error naming the field.
  Status Enrich(Response& response);

 private:
  // Employees' first names by location external id, for mention detection.
  std::shared_ptr<const std::vector<text::EmployeeName>> EmployeesAt(const std::string& location_ref);
  void RefreshEmployeesIfStale();

  Store& store_;
  const text::Analyzer* analyzer_;
  std::mutex mu_;
  std::chrono::steady_clock::time_point loaded_at_{};
  std::uint64_t loaded_version_ = 0;  // the store's organisation_version() the names were read at
  // Shared, not copied: every comment needs the list, and it changes once a minute at most.
  std::map<std::string, std::shared_ptr<const std::vector<text::EmployeeName>>> by_location_;
  std::shared_ptr<const std::vector<text::EmployeeName>> everyone_ =
      std::make_shared<const std::vector<text::EmployeeName>>();
};

}  // namespace peakend
