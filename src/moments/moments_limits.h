// Every bound the moments module enforces, named in one place.
#pragma once

#include <cstddef>
#include <cstdint>

namespace peakend::moments::limits {

// Detection
inline constexpr int kHistoryLookbackDays = 365;         // earlier answers looked at for a fall
inline constexpr std::size_t kMaxResponsesPerDetection = 50000;  // one call of OnResponsesCommitted
inline constexpr int kDirectoryRefreshSeconds = 60;      // employees and teams re-read at most this often

// Rule settings accepted from configuration
inline constexpr int kMaxWindowDays = 365;
inline constexpr int kMaxSlaHours = 24 * 365;
inline constexpr int kMaxImportDetectionDays = 3650;  // moments.import_days
inline constexpr int kMaxPriority = 100;
inline constexpr std::size_t kMaxSuggestedActions = 20;
inline constexpr std::size_t kMaxActionBytes = 500;
inline constexpr std::size_t kMaxConfigBytes = 1024 * 1024;
inline constexpr std::size_t kMaxHolidayEntries = 1000;

// Cases
inline constexpr std::size_t kMaxNoteBytes = 10000;
inline constexpr std::size_t kMaxReasonBytes = 4000;
inline constexpr std::size_t kMaxStoryTimelineSteps = 200;
inline constexpr std::size_t kMaxEarlierCasesInStory = 50;

// Gestures and budgets
inline constexpr std::size_t kMaxGestures = 100;
inline constexpr std::int64_t kMaxGestureCostCents = 1000000;   // 10,000.00
inline constexpr std::int64_t kMaxMonthlyBudgetCents = 10000000;  // 100,000.00
inline constexpr std::size_t kMinPeersForOutliers = 5;  // fewer peers give no meaningful spread

}  // namespace peakend::moments::limits
