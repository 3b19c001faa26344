// The demo organisation: a deterministic, realistic dataset for a Dutch home-goods retailer
// ("Huis & Haard": a webshop, six shops and a contact centre) with customers, journeys of
// interactions over twelve months, survey responses and comments as customers write them.
//
// Truths built into the data, which Peakend's analysis should find (DescribeTruths() prints
// them with their sizes):
//  1. Emotion drives loyalty: NPS follows a latent model in which the Emotion answer weighs
//     1.2 per point against 0.35 for Ease and 0.35 for Effectiveness.
//  2. Two teams are clearly better: Team Utrecht and Team Klantenservice serve with +0.8
//     latent quality (about +25 NPS points against the other teams).
//  3. Bad ends after good middles: 8% of webshop journeys have a great order, a late delivery
//     and a rude return — rated well in the middle, remembered badly (peak-end).
//  4. Life events: about 1 in 800 comments mentions an illness, a hospital stay, a death, a
//     birthday, a move, a birth or a wedding, often with a circumstance ("voor mijn moeder").
//  5. Falls: customers in a bad-end journey who were promoters earlier become detractors.
//  6. Effort: 30% of contact-centre journeys have a second contact within 1-4 days.
//  7. Recovery: half of the detractors get a follow-up call within two days; their later
//     responses score +1.5 NPS points higher than those of detractors who were not called.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"
#include "store/store.h"

namespace peakend::demo {

inline constexpr const char* kDemoOrganisationName = "Huis & Haard";
// Where the demo's shops are: opening hours and months are local to it.
inline constexpr const char* kDemoTimeZone = "Europe/Amsterdam";

struct DemoOptions {
  std::uint64_t seed = 20261101;
  int customers = 20000;
  int interactions = 100000;  // at least this many
  int responses = 30000;      // about this many
  // 2026-11-01 00:00 in kDemoTimeZone (the default time zone; 2026-10-31T23:00:00Z): the data
  // covers the 365 days before, so its months are whole local months and none spills into November.
  Timestamp end = 1793487600;
  std::size_t chunk_records = 5000;  // records per WriteRequest after the organisation
};

// Streams the organisation first, then interactions with their responses, in chunks.
Status GenerateDemo(const DemoOptions& options, const std::function<Status(WriteRequest&&)>& sink);

std::string DescribeTruths();

}  // namespace peakend::demo
