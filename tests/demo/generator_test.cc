#include "demo/generator.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <set>

namespace peakend::demo {
namespace {

struct Collected {
  std::vector<WriteRequest> requests;
  std::size_t Hash() const {
    std::size_t h = 0;
    auto mix = [&](const std::string& s) { h = h * 1099511628211ULL ^ std::hash<std::string>{}(s); };
    for (const auto& w : requests) {
      for (const auto& x : w.interactions) mix(x.external_id + x.customer_ref + std::to_string(x.occurred_at));
      for (const auto& r : w.responses) mix(r.external_id + r.comment + std::to_string(r.answers.nps.value_or(-1)));
    }
    return h;
  }
};

Collected Generate(DemoOptions options) {
  Collected c;
  Status s = GenerateDemo(options, [&](WriteRequest&& w) {
    c.requests.push_back(std::move(w));
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return c;
}

class DemoData : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { data_ = new Collected(Generate({})); }
  static void TearDownTestSuite() { delete data_; }
  static Collected* data_;
};
Collected* DemoData::data_ = nullptr;

TEST_F(DemoData, MeetsTheSizesOfARealisticRetailer) {
  std::size_t interactions = 0, responses = 0;
  for (const auto& w : data_->requests) {
    interactions += w.interactions.size();
    responses += w.responses.size();
  }
  const auto& org = data_->requests.front();
  EXPECT_EQ(org.locations.size(), 8u);  // webshop, 6 shops, contact centre
  EXPECT_EQ(org.teams.size(), 8u);
  EXPECT_EQ(org.employees.size(), 80u);
  EXPECT_GE(org.customers.size(), 20000u);
  EXPECT_GE(interactions, 100000u);
  EXPECT_GE(responses, 30000u);
}

TEST_F(DemoData, IsDeterministicPerSeed) {
  DemoOptions small;
  small.customers = 500;
  small.interactions = 3000;
  small.responses = 900;
  EXPECT_EQ(Generate(small).Hash(), Generate(small).Hash());
  small.seed = 7;
  EXPECT_NE(Generate(small).Hash(), Generate(DemoOptions{.customers = 500, .interactions = 3000, .responses = 900}).Hash());
}

TEST_F(DemoData, EveryReferenceExistsBeforeItIsUsedAndAnswersAreInRange) {
  std::set<std::string> interactions, employees, locations;
  const auto& org = data_->requests.front();
  for (const auto& l : org.locations) locations.insert(l.external_id);
  for (const auto& e : org.employees) employees.insert(e.external_id);
  DemoOptions defaults;
  for (const auto& w : data_->requests) {
    for (const auto& x : w.interactions) {
      EXPECT_TRUE(locations.count(x.location_ref)) << x.location_ref;
      if (!x.employee_ref.empty()) {
        EXPECT_TRUE(employees.count(x.employee_ref)) << x.employee_ref;
      }
      EXPECT_LT(x.occurred_at, defaults.end + 60 * 86400);
      EXPECT_GE(x.occurred_at, defaults.end - 366 * 86400);
      interactions.insert(x.external_id);
    }
    for (const auto& r : w.responses) {
      ASSERT_TRUE(interactions.count(r.interaction_ref)) << r.interaction_ref;
      EXPECT_FALSE(r.answers.empty());
      if (r.answers.nps) {
        EXPECT_TRUE(*r.answers.nps >= 0 && *r.answers.nps <= 10);
      }
      if (r.answers.ces) {
        EXPECT_TRUE(*r.answers.ces >= 1 && *r.answers.ces <= 7);
      }
    }
  }
}

// Ordinary least squares of NPS on the three E's, by the normal equations.
std::vector<double> Regress(const std::vector<std::array<double, 4>>& rows) {
  double xtx[4][4] = {}, xty[4] = {};
  for (const auto& r : rows) {
    double x[4] = {1, r[0], r[1], r[2]};
    for (int i = 0; i < 4; ++i) {
      xty[i] += x[i] * r[3];
      for (int j = 0; j < 4; ++j) xtx[i][j] += x[i] * x[j];
    }
  }
  for (int c = 0; c < 4; ++c) {  // Gauss-Jordan
    for (int r = 0; r < 4; ++r) {
      if (r == c) continue;
      double f = xtx[r][c] / xtx[c][c];
      for (int k = 0; k < 4; ++k) xtx[r][k] -= f * xtx[c][k];
      xty[r] -= f * xty[c];
    }
  }
  return {xty[1] / xtx[1][1], xty[2] / xtx[2][2], xty[3] / xtx[3][3]};
}

TEST_F(DemoData, EmotionDrivesLoyaltyMoreThanEaseAndEffectiveness) {
  std::vector<std::array<double, 4>> rows;
  for (const auto& w : data_->requests) {
    for (const auto& r : w.responses) {
      if (r.answers.nps && r.answers.effectiveness && r.answers.ease && r.answers.emotion) {
        rows.push_back({double(*r.answers.effectiveness), double(*r.answers.ease), double(*r.answers.emotion),
                        double(*r.answers.nps)});
      }
    }
  }
  ASSERT_GT(rows.size(), 5000u);
  auto b = Regress(rows);  // effectiveness, ease, emotion
  EXPECT_GT(b[2], b[0] * 1.5) << "emotion " << b[2] << " effectiveness " << b[0];
  EXPECT_GT(b[2], b[1] * 1.5) << "emotion " << b[2] << " ease " << b[1];
}

TEST_F(DemoData, TwoTeamsAreClearlyBetter) {
  std::map<std::string, std::string> team_of;
  for (const auto& e : data_->requests.front().employees) team_of[e.external_id] = e.team_ref;
  std::map<std::string, std::string> employee_of;
  std::map<std::string, std::pair<double, int>> nps;
  for (const auto& w : data_->requests) {
    for (const auto& x : w.interactions) employee_of[x.external_id] = x.employee_ref;
    for (const auto& r : w.responses) {
      auto e = employee_of[r.interaction_ref];
      if (e.empty() || !r.answers.nps) continue;
      auto& acc = nps[team_of[e]];
      acc.first += *r.answers.nps >= 9 ? 100 : *r.answers.nps <= 6 ? -100 : 0;
      acc.second++;
    }
  }
  auto score = [&](const std::string& t) { return nps[t].first / nps[t].second; };
  for (const auto& [team, acc] : nps) {
    if (team == "team-utrecht" || team == "team-klantenservice") continue;
    EXPECT_GT(score("team-utrecht"), score(team) + 10) << team;
    EXPECT_GT(score("team-klantenservice"), score(team) + 10) << team;
  }
}

TEST_F(DemoData, CommentsAreMostlyDutchVariedAndSomeMentionLifeEvents) {
  int comments = 0, life = 0;
  std::set<std::string> distinct;
  for (const auto& w : data_->requests) {
    for (const auto& r : w.responses) {
      if (r.comment.empty()) continue;
      ++comments;
      distinct.insert(r.comment);
      for (const char* marker : {"ziek", "ziekenhuis", "overlijden", "verjaardag", "verhuisd", "geboren", "bruiloft",
                                 "uitvaart", "ontslag", "who is ill", "wedding", "passed away", "birthday", "moved house",
                                 "was born"}) {
        if (r.comment.find(marker) != std::string::npos) {
          ++life;
          break;
        }
      }
    }
  }
  EXPECT_GT(comments, 10000);
  EXPECT_GT(distinct.size(), 3000u);
  EXPECT_GE(life, 10);
  EXPECT_LE(life, 200);
  EXPECT_FALSE(DescribeTruths().empty());
}

}  // namespace
}  // namespace peakend::demo
