// End to end: cross-origin requests (CORS) from the sites in http.allowed_origins, over real HTTP.
#include <httplib.h>
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "peakend_process.h"

namespace peakend::e2e {
namespace {

constexpr const char* kShop = "https://www.example-shop.nl";
constexpr const char* kIntranet = "http://intranet.example.nl:8081";
constexpr const char* kStranger = "https://evil.example.com";
constexpr const char* kResponse = R"({"external_id":"R1","nps":9,"submitted_at":"2026-03-01T12:00:00Z"})";

class CorsTest : public ::testing::Test {
 protected:
  // The shop is listed with its default port and in capitals: browsers send neither.
  void Start(std::vector<std::string> args) {
    server_ = std::make_unique<ServerProcess>(dir_.File("cors.db"), std::move(args));
    ASSERT_TRUE(server_->running()) << server_->startup_output();
    client_ = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  }
  void StartWithOrigins() {
    Start({"--http-allowed-origins", "HTTPS://www.Example-Shop.nl:443, " + std::string(kIntranet)});
  }
  httplib::Result Preflight(const std::string& origin, const std::string& path = "/api/v1/responses") {
    return client_->Options(path, {{"Origin", origin},
                                   {"Access-Control-Request-Method", "POST"},
                                   {"Access-Control-Request-Headers", "content-type, authorization, x-requested-with"}});
  }
  httplib::Result PostFrom(const std::string& origin, const std::string& body) {
    return client_->Post("/api/v1/responses", {{"Origin", origin}}, body, "application/json");
  }

  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(CorsTest, PreflightFromAnAllowedOriginNamesMethodsHeadersAndMaxAge) {
  StartWithOrigins();
  auto res = Preflight(kShop);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), kShop);
  EXPECT_EQ(res->get_header_value("Vary"), "Origin");
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS, POST");
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Methods"), res->get_header_value("Allow"));
  // Authorization is not offered: it would carry credentials once accounts exist.
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Headers"), "Content-Type, Content-Encoding, X-Requested-With");
  EXPECT_EQ(res->get_header_value("Access-Control-Max-Age"), "600");

  auto intranet = Preflight(kIntranet, "/api/v1/scores");
  ASSERT_TRUE(intranet);
  EXPECT_EQ(intranet->get_header_value("Access-Control-Allow-Origin"), kIntranet);
  EXPECT_EQ(intranet->get_header_value("Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
}

TEST_F(CorsTest, AnswersToAnAllowedOriginCarryItsOriginErrorsToo) {
  StartWithOrigins();
  auto created = PostFrom(kShop, kResponse);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201) << created->body;
  EXPECT_EQ(created->get_header_value("Access-Control-Allow-Origin"), kShop);
  EXPECT_EQ(created->get_header_value("Vary"), "Origin");

  // The page can read why its request was refused.
  auto refused = PostFrom(kShop, R"({"external_id":"R2","nps":11})");
  ASSERT_TRUE(refused);
  EXPECT_GE(refused->status, 400);
  EXPECT_EQ(refused->get_header_value("Access-Control-Allow-Origin"), kShop);
  EXPECT_NE(refused->body.find("nps"), std::string::npos) << refused->body;

  auto missing = client_->Get("/api/v1/nothing", {{"Origin", kIntranet}});
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->get_header_value("Access-Control-Allow-Origin"), kIntranet);

  auto read = client_->Get("/api/v1/scores", {{"Origin", kIntranet}});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  EXPECT_EQ(read->get_header_value("Access-Control-Allow-Origin"), kIntranet);
}

// A page on a site not listed cannot read answers (no CORS headers), and cannot write either:
// browsers send some writes without a preflight (a form, a text/plain fetch), so the server
// refuses a write whose Origin is neither listed nor its own.
TEST_F(CorsTest, AnOriginNotListedGetsNoCorsHeadersAndMayNotWrite) {
  StartWithOrigins();
  auto preflight = Preflight(kStranger);
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_EQ(preflight->get_header_value("Allow"), "GET, HEAD, OPTIONS, POST");
  for (const char* header : {"Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                             "Access-Control-Allow-Headers", "Access-Control-Max-Age"}) {
    EXPECT_FALSE(preflight->has_header(header)) << header;
  }
  // The same site on another scheme or port is another origin.
  for (const std::string origin : {kStranger, "http://www.example-shop.nl", "https://www.example-shop.nl:8443", "null"}) {
    auto posted = PostFrom(origin, kResponse);
    ASSERT_TRUE(posted);
    EXPECT_EQ(posted->status, 403) << origin << " " << posted->body;
    EXPECT_NE(posted->body.find("http.allowed_origins"), std::string::npos) << posted->body;
    EXPECT_FALSE(posted->has_header("Access-Control-Allow-Origin")) << origin;
    EXPECT_EQ(posted->get_header_value("Vary"), "Origin");
  }
  // The request a form on such a page sends, which no browser asks about first.
  auto form = client_->Post("/api/v1/responses", {{"Origin", kStranger}}, kResponse, "text/plain");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 403) << form->body;
  auto stored = client_->Get("/api/v1/responses");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->body.find("R1"), std::string::npos) << stored->body;
  // Reads are answered, without CORS headers: the browser keeps the answer from the page.
  auto read = client_->Get("/api/v1/scores", {{"Origin", kStranger}});
  ASSERT_TRUE(read);
  EXPECT_EQ(read->status, 200);
  EXPECT_FALSE(read->has_header("Access-Control-Allow-Origin"));
  // Without an Origin (a server-side client) nothing changes.
  auto plain = client_->Post("/api/v1/responses", kResponse, "application/json");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->status, 201);
  EXPECT_FALSE(plain->has_header("Access-Control-Allow-Origin"));
}

TEST_F(CorsTest, WithoutTheSettingNoOriginGetsCorsHeadersAndOnlyTheServersOwnPagesWrite) {
  Start({});
  auto preflight = Preflight(kShop);
  ASSERT_TRUE(preflight);
  EXPECT_EQ(preflight->status, 204);
  EXPECT_FALSE(preflight->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(preflight->has_header("Access-Control-Allow-Methods"));
  auto posted = PostFrom(kShop, kResponse);
  ASSERT_TRUE(posted);
  EXPECT_EQ(posted->status, 403) << posted->body;
  EXPECT_FALSE(posted->has_header("Access-Control-Allow-Origin"));
  EXPECT_FALSE(posted->has_header("Vary"));
  // A page served by Peakend itself posts with its own origin.
  auto own = PostFrom("http://127.0.0.1:" + std::to_string(server_->port()), kResponse);
  ASSERT_TRUE(own);
  EXPECT_EQ(own->status, 201) << own->body;
  EXPECT_FALSE(own->has_header("Access-Control-Allow-Origin"));
}

TEST_F(CorsTest, StartUpRefusesAWildcardOrAnOriginWithAPath) {
  auto serve = [&](const std::string& origins) {
    return RunPeakend({"serve", "--port", "0", "--database", dir_.File("refused.db"), "--http-allowed-origins", origins});
  };
  auto star = serve("*");
  EXPECT_NE(star.exit_code, 0);
  EXPECT_NE(star.err.find("no authentication"), std::string::npos) << star.err;
  EXPECT_NE(star.err.find("https://www.example-shop.nl"), std::string::npos) << star.err;
  EXPECT_EQ(star.out.find("serving"), std::string::npos) << star.out;

  auto path = serve("https://www.example-shop.nl/widget");
  EXPECT_NE(path.exit_code, 0);
  EXPECT_NE(path.err.find("has a path; write 'https://www.example-shop.nl'"), std::string::npos) << path.err;

  for (const char* wrong : {"www.example-shop.nl", "https://*.example-shop.nl", "ftp://example.nl",
                            "https://www.example-shop.nl:99999"}) {
    auto refused = serve(wrong);
    EXPECT_NE(refused.exit_code, 0) << wrong;
    EXPECT_NE(refused.err.find("http.allowed_origins"), std::string::npos) << refused.err;
  }
}

}  // namespace
}  // namespace peakend::e2e
