// Deterministic random numbers for the demo: the same seed gives the same data on every
// platform (the standard library's distributions are implementation-defined, so not used).
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace peakend::demo {

class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}

  std::uint64_t Next() {  // splitmix64
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Real() { return (Next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
  int Below(int n) { return static_cast<int>(Real() * n); }
  bool Chance(double p) { return Real() < p; }
  double Normal(double mean = 0, double sd = 1) {  // Box-Muller
    double u1 = Real(), u2 = Real();
    if (u1 < 1e-300) u1 = 1e-300;
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[Below(static_cast<int>(items.size()))];
  }

 private:
  std::uint64_t state_;
};

}  // namespace peakend::demo
