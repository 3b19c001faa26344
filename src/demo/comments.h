// Comments as customers write them, composed from fragments per aspect, polarity and language,
// with typos, mixed feelings and the occasional emoji, so the demo has thousands of distinct texts.
#pragma once

#include <string>

#include "demo/random.h"

namespace peakend::demo {

struct CommentRequest {
  bool dutch = true;
  double quality = 0;          // the latent experience: < -0.5 bad, > 0.5 good
  std::string interaction;     // "order", "delivery", "return", "contact", "shop_visit"
  std::string employee_first;  // may be empty
  bool life_event = false;
};

std::string WriteComment(Random& rng, const CommentRequest& request);

}  // namespace peakend::demo
