// Ratings a customer writes in a comment: a score on a scale ("10/10", "4,5/5", "8 out of 10",
// "2 uit 5"), stars ("3 sterren.", "1 star until fixed"), a grade out of ten given without saying
// so ("ik geef jullie een 4", "gave a 9 because", "Verder een 8") and numbers written as words
// ("een dikke negen", "Five stars"): where one begins and what it says on the VADER scale.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

#include "text/lexicon.h"
#include "text/tokenizer.h"

namespace peakend::text {

struct WrittenRating {
  double valence;      // -4..3: the bottom of a scale says more than its top
  std::size_t length;  // tokens
};

// The rating that begins at tokens[i], a number or a number word, if one does, as a comment in
// `language` means it (a 7 of 10 is a pass in Dutch and passive in English).
std::optional<WrittenRating> WrittenRatingAt(const std::vector<TokenView>& tokens, std::size_t i, TermLanguage language);

// The value of a number written as a word that grades and stars are written with ("negen",
// "five", "zesje"); nullopt for any other word, the Dutch article "een" included.
std::optional<double> NumberWordValue(std::string_view lower);

}  // namespace peakend::text
