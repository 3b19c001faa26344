// Quoted words: what a customer puts between quotation marks ("'binnen 24 uur' opgelost",
// "was told “definitely”", a "free" upgrade) is someone else's word, a promise or a label
// quoted to be doubted, not the customer's verdict.
#pragma once

#include <string_view>
#include <vector>

#include "text/tokenizer.h"

namespace peakend::text {

// Marks in `quoted` (one entry per token, 1 for quoted) the tokens between an opening quotation
// mark and its closing one. `input` is the text the tokens were cut from (their views may point
// into its normalised copy instead; then a mark before the first token is not seen). Straight
// marks (' ") open when they touch the next word and follow a space or the start, and close when
// they touch the previous word and are followed by a space, punctuation or the end ("'s avonds"
// and "customers' rights" quote nothing); typographic marks (“ ” ‘ ’ „) say which they are,
// except ’ inside a word. A mark left open quotes nothing.
void MarkQuotedTokens(std::string_view input, const std::vector<TokenView>& tokens, std::vector<char>& quoted);

// Whether `input` may hold a quotation: a double or typographic mark, or a single one after a
// space or a bracket. Most comments have none (an apostrophe in a word is none), and need no
// marking.
bool MayQuote(std::string_view input);

}  // namespace peakend::text
