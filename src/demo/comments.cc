#include "demo/comments.h"

#include <vector>

namespace peakend::demo {
namespace {

using Pool = std::vector<std::string>;

struct Fragments {
  Pool positive, negative;
};

// Aspect fragments per interaction kind; {name} is replaced by the employee's first name.
const Fragments& For(bool dutch, const std::string& kind) {
  static const Fragments nl_order{
      {"bestellen ging heel makkelijk", "de website werkt prima", "snel besteld en betaald",
       "fijne webshop, alles duidelijk", "goede prijs voor deze kwaliteit", "mooi product, precies zoals op de foto"},
      {"de website liep steeds vast bij het afrekenen", "betalen lukte pas na drie keer",
       "prijs is wel erg hoog voor wat je krijgt", "product ziet er anders uit dan op de site",
       "onduidelijke informatie over de levertijd"}};
  static const Fragments en_order{
      {"ordering was really easy", "the website works fine", "great price for the quality",
       "lovely product, exactly like the picture"},
      {"the website kept crashing at checkout", "payment only worked the third time",
       "price is too high for what you get", "the product looks different than on the site"}};
  static const Fragments nl_delivery{
      {"pakket werd snel bezorgd", "bezorging was keurig op tijd", "netjes verpakt en snel geleverd",
       "de bezorger was heel vriendelijk", "binnen een dag in huis, top"},
      {"pakket kwam veel te laat", "bezorging duurde een week langer dan beloofd", "doos was beschadigd",
       "bezorger heeft niet eens aangebeld", "drie keer gemist door postnl, erg frustrerend",
       "product kwam kapot aan"}};
  static const Fragments en_delivery{
      {"parcel arrived quickly", "delivery was right on time", "well packed and delivered fast",
       "the courier was very friendly"},
      {"the parcel arrived way too late", "delivery took a week longer than promised", "the box was damaged",
       "the item arrived broken", "courier never even rang the bell"}};
  static const Fragments nl_return{
      {"retour ging soepel", "geld stond binnen twee dagen terug", "ruilen in de winkel was zo geregeld",
       "{name} regelde de retour heel vlot"},
      {"retour sturen was een gedoe", "wacht nog steeds op mijn geld", "medewerker bij de retourbalie was onbeleefd",
       "terugbetaling duurde weken", "moest drie keer bellen voor mijn geld terug"}};
  static const Fragments en_return{
      {"the return was smooth", "money back within two days", "{name} sorted the exchange quickly"},
      {"returning it was a hassle", "still waiting for my refund", "the staff at the returns desk was rude",
       "refund took weeks"}};
  static const Fragments nl_contact{
      {"{name} hielp me geweldig", "snel geholpen aan de telefoon", "{name} dacht echt met me mee",
       "duidelijke uitleg gekregen", "mijn vraag werd direct opgelost", "vriendelijke medewerker, {name} was top"},
      {"lang moeten wachten aan de telefoon", "niemand wist het antwoord", "werd drie keer doorverbonden",
       "geen reactie op mijn mail", "medewerker was kortaf en ongeïnteresseerd", "moest alles opnieuw uitleggen"}};
  static const Fragments en_contact{
      {"{name} helped me brilliantly", "quickly helped on the phone", "{name} really went the extra mile",
       "clear explanation", "my question was solved right away"},
      {"long wait on the phone", "nobody knew the answer", "transferred three times", "no reply to my email",
       "the agent was short and uninterested"}};
  static const Fragments nl_shop{
      {"fijne winkel, mooi ingericht", "{name} gaf heel goed advies", "vriendelijk personeel",
       "snel geholpen bij de kassa", "winkel was schoon en opgeruimd", "veel keus en goede kwaliteit"},
      {"lange rij bij de kassa", "niemand om me te helpen", "winkel was rommelig", "personeel had geen verstand van zaken",
       "verkoper was onvriendelijk", "paskamers waren vies"}};
  static const Fragments en_shop{
      {"nice store, well laid out", "{name} gave really good advice", "friendly staff", "clean and tidy store"},
      {"long queue at the till", "nobody around to help", "the store was messy", "staff had no clue",
       "the sales assistant was unfriendly"}};
  bool shop = kind == "shop_visit";
  bool contact = kind == "contact";
  if (kind == "order") return dutch ? nl_order : en_order;
  if (kind == "delivery") return dutch ? nl_delivery : en_delivery;
  if (kind == "return") return dutch ? nl_return : en_return;
  if (contact) return dutch ? nl_contact : en_contact;
  (void)shop;
  return dutch ? nl_shop : en_shop;
}

const Pool& LifeEvents(bool dutch) {
  static const Pool nl = {
      "ik bestelde dit voor mijn moeder die ziek is, fijn dat het zo snel kwam",
      "mijn vader ligt in het ziekenhuis en dit was voor zijn kamer",
      "na het overlijden van mijn man moest ik alles zelf regelen, jullie hielpen me goed",
      "was een cadeau voor mijn dochter haar verjaardag",
      "we zijn net verhuisd en hadden alles snel nodig voor het nieuwe huis",
      "voor de babykamer, ons zoontje is vorige week geboren",
      "bestemd voor de bruiloft van mijn zus, gelukkig op tijd",
      "sinds mijn ontslag let ik extra op de prijs",
      "voor de uitvaart van mijn oma hadden we dit dringend nodig"};
  static const Pool en = {
      "I ordered this for my mother who is ill, glad it came so fast",
      "bought it for my daughter's wedding next month",
      "my husband passed away recently and your staff were very patient with me",
      "it was a birthday present for my son",
      "we just moved house and needed everything quickly",
      "for the nursery, our baby was born last week"};
  return dutch ? nl : en;
}

// A small slip or two, as people type on a phone.
std::string AddTypos(Random& rng, std::string s) {
  if (s.size() > 12 && rng.Chance(0.25)) {
    std::size_t i = 3 + rng.Below(static_cast<int>(s.size()) - 6);
    if (std::isalpha(static_cast<unsigned char>(s[i]))) s.erase(i, 1);  // a dropped letter
  }
  if (s.size() > 12 && rng.Chance(0.1)) {
    std::size_t i = 3 + rng.Below(static_cast<int>(s.size()) - 6);
    if (std::isalpha(static_cast<unsigned char>(s[i]))) s.insert(i, 1, s[i]);  // a doubled letter
  }
  return s;
}

std::string Capitalise(std::string s) {
  if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

std::string Fill(std::string s, const std::string& name, bool dutch) {
  auto at = s.find("{name}");
  if (at == std::string::npos) return s;
  s.replace(at, 6, name.empty() ? (dutch ? "de medewerker" : "the agent") : name);
  return s;
}

}  // namespace

std::string WriteComment(Random& rng, const CommentRequest& req) {
  const Fragments& f = For(req.dutch, req.interaction);
  const Pool& good = f.positive;
  const Pool& bad = f.negative;
  std::string text;
  bool mixed = std::abs(req.quality) < 0.7 && rng.Chance(0.45);
  if (req.life_event) {
    text = rng.Pick(LifeEvents(req.dutch)) + ". " + Fill(rng.Pick(req.quality >= 0 ? good : bad), req.employee_first, req.dutch);
  } else if (mixed) {
    // Mixed feelings: the part after "maar"/"but" is what the customer takes home.
    const Pool& first = req.quality >= 0 ? bad : good;
    const Pool& second = req.quality >= 0 ? good : bad;
    text = Fill(rng.Pick(first), req.employee_first, req.dutch) + (req.dutch ? " maar " : " but ") +
           Fill(rng.Pick(second), req.employee_first, req.dutch);
  } else {
    const Pool& pool = req.quality >= 0 ? good : bad;
    text = Fill(rng.Pick(pool), req.employee_first, req.dutch);
    if (rng.Chance(0.35)) text += (rng.Chance(0.5) ? ", " : ". ") + Fill(rng.Pick(pool), req.employee_first, req.dutch);
  }
  if (req.quality > 1.0 && rng.Chance(0.3)) text += req.dutch ? ". Echt top!" : ". Really great!";
  if (req.quality < -1.0 && rng.Chance(0.3)) text += req.dutch ? ". Nooit meer!" : ". Never again!";
  if (rng.Chance(0.08)) text += req.quality >= 0 ? " 😊" : " 😡";
  if (rng.Chance(0.15)) text += "!";
  text = AddTypos(rng, text);
  if (rng.Chance(0.6)) text = Capitalise(text);
  return text;
}

}  // namespace peakend::demo
