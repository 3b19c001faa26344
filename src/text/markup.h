// Markup in comments: survey tools export free text with HTML line breaks and character
// entities ("Snel &amp; vriendelijk<br>Top!"), or with line breaks escaped ("Top!\nSnel"). Read as words, "&amp;" would end a clause at its
// ';' and "<br>" would glue two sentences together; the analyser reads the text they stand for.
#pragma once

#include <string>
#include <string_view>

namespace peakend::text {

// Whether `text` has anything PlainText would change (a cheap check for the common case).
bool HasMarkup(std::string_view text);
// Whether `text` is plain ASCII without anything PlainText would change: valid UTF-8 that needs
// neither repair nor HasMarkup's scan, as most comments are. Sixteen bytes at a time.
bool IsPlainAscii(std::string_view text);
// Line-breaking tags (<br>, <p>, </p>, <div>, <li>) become a newline, other tags of a few letters
// (<b>, <i>, <span ...>) disappear, and character entities (&amp; &lt; &gt; &quot; &apos; &nbsp;
// &#39; &#x27;) become their character, and escapes written out by exports that went through
// JSON (\n, \r, \t) become the line break or space they stand for; a NUL byte becomes a space.
// Anything else, a lone '<', '&' or '\' included, stays as it is.
std::string PlainText(std::string_view text);

// The comment without the earlier message it quotes, as e-mail and chat exports keep it: lines
// opened by '>', reply headers ("Op 3 mei 2026 schreef Klantenservice:", "On Tue, Jane
// wrote:") and a phone's signature ("Sent from my iPhone") wherever they stand, and everything from a divider ("-----Original Message-----")
// on. That text is the company's or an earlier one, not this comment. Written into `out`;
// false, and `out` untouched, when there is none, or nothing of the customer's besides it.
bool WithoutQuotedReply(std::string_view text, std::string& out);

}  // namespace peakend::text
