#include "text/markup.h"

#include <gtest/gtest.h>

#include <iterator>
#include <random>

#include "text/utf8.h"

namespace peakend::text {
namespace {

TEST(Markup, ExportedHtmlBecomesTheTextItStandsFor) {
  struct Case {
    const char* in;
    const char* out;
  };
  const Case cases[] = {
      {"Snel &amp; vriendelijk<br>Top!", "Snel & vriendelijk\nTop!"},
      {"Goed<br/>snel<BR />vriendelijk", "Goed\nsnel\nvriendelijk"},
      {"<p>Fijn</p><p>Echt</p>", "\nFijn\n\nEcht\n"},
      {"It&#39;s <b>great</b>, isn&#x27;t it", "It's great, isn't it"},
      {"&quot;top&quot; &lt;3 &hellip;", "\"top\" <3 ..."},
      {"prijs&nbsp;ok &#8364;12", "prijs ok \xE2\x82\xAC" "12"},
      {"<span style=\"color:red\">boos</span>", "boos"},
      {"<h2>Titel</h2>tekst", "\nTitel\ntekst"},
      {"Top!\\nSnel geleverd", "Top!\nSnel geleverd"},
      {"Slow delivery\\r\\nRude driver\\tbad", "Slow delivery\n\nRude driver bad"},
  };
  for (const auto& c : cases) {
    EXPECT_TRUE(HasMarkup(c.in)) << c.in;
    EXPECT_EQ(PlainText(c.in), c.out) << c.in;
  }
}

TEST(Markup, ANulByteIsASpace) {
  const std::string text = std::string("Snel") + '\0' + "geleverd" + '\0';
  EXPECT_TRUE(HasMarkup(text));
  EXPECT_EQ(PlainText(text), "Snel geleverd ");
}

TEST(Markup, AnythingElseStaysAsWritten) {
  for (const char* text : {"a < b & c > d", "<3 <3", "< 5 min", "<script>alert(1)</script>", "&amp", "&;",
                           "&#0;", "&#xD800;", "&#99999999999;", "&#x110000;", "&unknown;", "<br", "&#x;", "&#12a;",
                           "R&D afdeling", "<", "&", "AT&T; prima", "a \\ b", "\\", "\\x41", ":-\\"}) {
    EXPECT_EQ(PlainText(text), text) << text;
  }
  EXPECT_FALSE(HasMarkup("Gewoon tekst, zonder opmaak :)"));
}

TEST(Markup, PlainAsciiIsAsciiWithoutMarkup) {
  // Every length around the sixteen bytes read at a time, with each kind of byte at every place.
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string text(n, 'a');
    EXPECT_TRUE(IsPlainAscii(text)) << n;
    for (std::size_t at = 0; at < n; ++at) {
      for (char c : {'<', '&', '\\', '\0', '\x80', '\xC3', '\xFF'}) {
        std::string marked = text;
        marked[at] = c;
        EXPECT_FALSE(IsPlainAscii(marked)) << n << " " << at << " " << static_cast<int>(c);
      }
    }
  }
  EXPECT_TRUE(IsPlainAscii("Gewoon tekst, zonder opmaak :) en met \"quotes\" > 3\tenzo"));
  EXPECT_FALSE(IsPlainAscii("caf\xC3\xA9 prima, alles in orde met de bestelling"));
}

TEST(Markup, RandomMarkupNeverBreaksTheText) {
  // Fragments of tags and entities in every combination: the output is valid UTF-8 whenever the
  // input is, and never longer than the input (every tag or entity is longer than what replaces it).
  const char* pieces[] = {"<", ">", "&", ";", "#", "x", "X", "1", "9", "F", "amp", "br", "/", " ", "p", "h2", "é",
                          "\xF0\x9F\x98\x80", "&#", "&#x", "</", "<br", "nbsp", "\n", "1114111", "D800"};
  constexpr int kTexts = 20000, kMaxPieces = 12;
  std::mt19937 random(7);
  for (int n = 0; n < kTexts; ++n) {
    std::string text;
    int count = static_cast<int>(random() % kMaxPieces) + 1;
    for (int k = 0; k < count; ++k) text += pieces[random() % std::size(pieces)];
    std::string plain = PlainText(text);
    ASSERT_TRUE(IsValidUtf8(plain)) << text;
    ASSERT_LE(plain.size(), text.size()) << text;
  }
}

}  // namespace
}  // namespace peakend::text

namespace peakend::text {
namespace {

TEST(Markup, AQuotedEarlierMessageIsNotTheComment) {
  struct Row {
    std::string_view text;
    std::string_view kept;  // what is read; the whole text when nothing is quoted
  };
  const Row rows[] = {
      {"Thanks!\n\n-----Original Message-----\nFrom: support\nSorry for the delay", "Thanks!\n\n"},
      {"Nog steeds niet opgelost.\nOp 3 mei 2026 schreef Klantenservice:\n> Wij hebben het opgelost", "Nog steeds niet opgelost.\n"},
      {"Great, thanks\n> Sorry for the terrible delay", "Great, thanks\n"},
      {"Top!\n----- Oorspronkelijk bericht -----\nVan: service", "Top!\n"},
      // Quoted above the reply, as phones answer: the reply below it is read.
      {"> Op 3 mei schreef Klantenservice:\n> Wij hebben uw klacht in behandeling.\n\nIk hoor NIETS.", "\nIk hoor NIETS."},
      {"Verstuurd vanaf mijn iPhone\n\n> On 10 Jun, Reception wrote:\n> We hope you enjoyed your stay!\n\nWe did, thanks!",
       "\n\nWe did, thanks!"},
      // Nothing of the customer's besides it, or no quotation at all: the text stays whole.
      {"> quoted first line only", "> quoted first line only"},
      {"On time and friendly.\nOn Monday I will order again.", "On time and friendly.\nOn Monday I will order again."},
      {"Snel geleverd -> top", "Snel geleverd -> top"},
      {"Prijs---kwaliteit prima\n---\nJan", "Prijs---kwaliteit prima\n---\nJan"},
  };
  for (const Row& row : rows) {
    SCOPED_TRACE(std::string(row.text));
    std::string out;
    std::string_view kept = WithoutQuotedReply(row.text, out) ? std::string_view(out) : row.text;
    EXPECT_EQ(kept, row.kept);
  }
}

}  // namespace
}  // namespace peakend::text
