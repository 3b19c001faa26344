// The HTTP server (http::MakeServer) on a real socket, driven byte by byte: pipelining, slow and
// half-sent requests, the bounds of a request, and a clean stop.
#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/limits.h"
#include "http/server.h"
#include "raw_client.h"

namespace peakend::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using testing::RawClient;
using testing::RawResponse;

constexpr std::size_t kBodyLimit = 1024;
// The start of a request head posting JSON to /echo; the caller adds how the body is framed.
constexpr const char* kEchoHead = "POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\n";

std::string Get(const std::string& path, const std::string& extra_headers = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + extra_headers + "\r\n";
}

std::string Post(const std::string& path, const std::string& body, const std::string& extra_headers = "") {
  return "POST " + path + " HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\n" + extra_headers + "\r\n" + body;
}

std::string Chunked(const std::string& body, std::size_t chunk_bytes) {
  std::string out;
  for (std::size_t at = 0; at < body.size(); at += chunk_bytes) {
    std::string chunk = body.substr(at, chunk_bytes);
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
    out += size + chunk + "\r\n";
  }
  return out + "0\r\n\r\n";
}

std::string Compress(const std::string& text) {
  uLongf size = compressBound(static_cast<uLong>(text.size()));
  std::string out(size, '\0');
  compress(reinterpret_cast<Bytef*>(out.data()), &size, reinterpret_cast<const Bytef*>(text.data()),
           static_cast<uLong>(text.size()));
  out.resize(size);
  return out;
}

// The next answer, which must have `status`; an empty one (and a failure) when none came. A HEAD
// answer has no body whatever its Content-Length says.
RawResponse ExpectStatus(RawClient& client, int status, bool head = false) {
  auto response = client.Read(seconds(10), head);
  if (!response) {
    ADD_FAILURE() << "no answer where " << status << " was due";
    return {};
  }
  EXPECT_EQ(response->status, status) << response->body;
  return *response;
}

// Reads one 200 answer per expected body, in this order.
void ExpectAnswers(RawClient& client, std::initializer_list<const char*> bodies) {
  for (const char* expected : bodies) {
    RawResponse response = ExpectStatus(client, 200);
    EXPECT_EQ(response.body, expected);
  }
}

class ServerTest : public ::testing::Test {
 protected:
  void Start(ServerOptions options = {}) {
    options.host = "127.0.0.1";
    options.port = 0;
    // The requests below are sent to the host names "test" and "t".
    if (options.allowed_hosts.empty()) options.allowed_hosts = {"test", "t"};
    options.max_body_bytes = kBodyLimit;
    server_ = MakeServer(options);
    server_->Route("GET", "/health", [](const Request&) {
      Response r;
      r.body = R"({"status":"ok"})";
      return r;
    });
    server_->Route("GET", "/items/([0-9]+)", [](const Request& request) {
      Response r;
      r.body = "{\"item\":" + request.path_params.at(0) + ",\"q\":\"" + request.Query("q") + "\"}";
      return r;
    });
    auto echo = [](const Request& request) {
      Response r;
      r.content_type = "text/plain";
      r.body = request.body;
      return r;
    };
    server_->Route("POST", "/echo", echo);
    server_->Route("POST", "/records", echo, BodyTypes::kJsonOrRecordStream);
    // Holds its worker until Release(), as a route waiting for the store would.
    server_->Route("GET", "/wait", [this](const Request&) {
      std::unique_lock lock(mu_);
      ++waiting_;
      changed_.notify_all();
      changed_.wait_for(lock, seconds(20), [&] { return released_; });
      Response r;
      r.body = R"({"waited":true})";
      return r;
    });
    auto port = server_->Bind();
    ASSERT_TRUE(port.ok()) << port.status().message();
    port_ = *port;
    serving_ = std::thread([this] { served_ = server_->Serve(); });
  }

  void TearDown() override {
    Release();
    if (server_) server_->Stop();
    if (serving_.joinable()) serving_.join();
  }

  void WaitForWaiting(int n) {
    std::unique_lock lock(mu_);
    ASSERT_TRUE(changed_.wait_for(lock, seconds(10), [&] { return waiting_ >= n; }));
  }

  void Release() {
    std::lock_guard lock(mu_);
    released_ = true;
    changed_.notify_all();
  }

  std::unique_ptr<Server> server_;
  int port_ = 0;
  std::thread serving_;
  Status served_;
  std::mutex mu_;
  std::condition_variable changed_;
  int waiting_ = 0;
  bool released_ = false;
};

TEST_F(ServerTest, PipelinedGetsInOneSendAreAnsweredInOrder) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/items/1") + Get("/items/2?q=two%20words") + Get("/items/3/")));
  ExpectAnswers(client, {R"({"item":1,"q":""})", R"({"item":2,"q":"two words"})", R"({"item":3,"q":""})"});
}

TEST_F(ServerTest, PipelinedPostsWithBodiesAreAnsweredInOrder) {
  Start();
  RawClient client(port_);
  std::string chunked = std::string(kEchoHead) + "Transfer-Encoding: chunked\r\n\r\n" +
                        Chunked(R"({"n":2,"text":"in three chunks"})", 12);
  ASSERT_TRUE(client.Send(Post("/echo", R"({"n":1})") + chunked + Post("/echo", R"({"n":3})") + Get("/health")));
  ExpectAnswers(client, {R"({"n":1})", R"({"n":2,"text":"in three chunks"})", R"({"n":3})", R"({"status":"ok"})"});
}

// Clients on bad networks send a request a few bytes at a time. Each costs the server a little
// memory, not a thread, so others are answered as usual meanwhile.
TEST_F(ServerTest, TricklingConnectionsDoNotDelayOtherClients) {
  Start();
  constexpr int kTricklers = 300;
  std::vector<std::unique_ptr<RawClient>> tricklers;
  for (int i = 0; i < kTricklers; ++i) {
    tricklers.push_back(std::make_unique<RawClient>(port_));
    ASSERT_TRUE(tricklers.back()->connected()) << i;
    ASSERT_TRUE(tricklers.back()->Send("G"));
  }
  auto start = std::chrono::steady_clock::now();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/health")));
  auto response = client.Read(seconds(2));
  ASSERT_TRUE(response) << "no answer within 2 s while " << kTricklers << " connections trickle";
  EXPECT_EQ(response->status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(2));
  ASSERT_TRUE(tricklers.back()->Send("ET /health HTTP/1.1\r\nHost: test\r\n\r\n"));
  ExpectAnswers(*tricklers.back(), {R"({"status":"ok"})"});
}

TEST_F(ServerTest, AHalfSentRequestIsClosedAfterTheReadTimeout) {
  Start();
  RawClient half(port_);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(half.Send("GET /health HTTP/1.1\r\nHost: te"));
  ASSERT_TRUE(half.ClosedWithin(seconds(limits::kHttpReadTimeoutSeconds + 3)));
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, milliseconds(limits::kHttpReadTimeoutSeconds * 1000 - 500));
  // A connection that sends nothing is closed sooner, after the keep-alive idle time.
  RawClient idle(port_);
  start = std::chrono::steady_clock::now();
  ASSERT_TRUE(idle.ClosedWithin(seconds(limits::kHttpKeepAliveIdleSeconds + 3)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(limits::kHttpReadTimeoutSeconds));
}

TEST_F(ServerTest, LinesEndingInABareLineFeedAreRead) {
  Start();
  RawClient client(port_);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(client.Send("GET /health HTTP/1.1\nHost: test\n\n" + Post("/echo", R"({"a":1})")));
  ExpectStatus(client, 200);
  EXPECT_EQ(ExpectStatus(client, 200).body, R"({"a":1})");
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(limits::kHttpReadTimeoutSeconds));
  RawClient mixed(port_);
  ASSERT_TRUE(mixed.Send("POST /echo HTTP/1.1\r\nHost: test\nContent-Type: application/json\nContent-Length: 2\r\n\n{}"));
  EXPECT_EQ(ExpectStatus(mixed, 200).body, "{}");
}

TEST_F(ServerTest, AHeadTrickledAByteAtATimeIsClosedAtItsDeadline) {
  Start();
  RawClient trickle(port_);
  auto start = std::chrono::steady_clock::now();
  const std::string head = "GET /health HTTP/1.1\r\nHost: test\r\nX-Slow: " + std::string(1000, 'a');
  bool closed = false;
  for (char c : head) {  // a byte a second: never silent for the read timeout
    if (!trickle.Send(std::string(1, c)) || trickle.ClosedWithin(seconds(1))) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed);
  auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_GE(waited, seconds(limits::kHttpHeadDeadlineSeconds - 1));
  EXPECT_LT(waited, seconds(limits::kHttpHeadDeadlineSeconds + limits::kHttpReadTimeoutSeconds));
}

// Never silent for the read timeout, a byte at a time, a body would hold its connection for
// ever; it must keep a least average rate after a grace instead (shortened here).
TEST_F(ServerTest, ABodySlowerThanTheLeastRateIsAnswered408) {
  ServerOptions options;
  options.body_grace = milliseconds(500);
  options.min_body_bytes_per_second = 200;
  Start(options);
  const std::string body(500, 'x');
  const std::string head = std::string(kEchoHead) + "Content-Length: " + std::to_string(body.size()) +
                           "\r\n\r\n";
  {  // Over twice the grace, in bursts, but at 500 bytes a second on average: read whole.
    RawClient steady(port_);
    ASSERT_TRUE(steady.Send(head));
    for (std::size_t at = 0; at < body.size(); at += 50) {
      ASSERT_TRUE(steady.Send(body.substr(at, 50)));
      std::this_thread::sleep_for(milliseconds(100));
    }
    EXPECT_EQ(ExpectStatus(steady, 200).body, body);
  }
  RawClient trickle(port_);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(trickle.Send(head));
  std::optional<RawResponse> answer;
  for (char c : body) {  // ten bytes a second
    if (!trickle.Send(std::string(1, c)) || (answer = trickle.Read(milliseconds(100)))) break;
  }
  ASSERT_TRUE(answer) << "a body trickled at ten bytes a second was read to its end";
  EXPECT_GE(std::chrono::steady_clock::now() - start, options.body_grace);
  EXPECT_EQ(answer->status, 408) << answer->body;
  EXPECT_NE(answer->body.find(R"("error":"request_timeout")"), std::string::npos) << answer->body;
  EXPECT_EQ(answer->Header("connection"), "close");
  EXPECT_TRUE(trickle.ClosedWithin(seconds(limits::kHttpLingerSeconds + 3)));
}

TEST_F(ServerTest, AnswersCarryADateHeader) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/health") + Get("/nowhere")));
  for (int status : {200, 404}) {
    std::string date = ExpectStatus(client, status).Header("date");
    EXPECT_EQ(date.size(), std::string("Tue, 01 Dec 2026 06:05:09 GMT").size()) << date;
    EXPECT_EQ(date.substr(date.size() - 4), " GMT") << date;
  }
}

TEST_F(ServerTest, BytesThatAreNoRequestAreRefusedAtOnce) {
  Start();
  RawClient tls(port_);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(tls.Send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)));
  EXPECT_NE(ExpectStatus(tls, 400).body.find("TLS"), std::string::npos);
  EXPECT_TRUE(tls.ClosedWithin(seconds(2)));
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(limits::kHttpReadTimeoutSeconds));
  // Empty lines before a request are not bytes of that kind.
  RawClient blank(port_);
  ASSERT_TRUE(blank.Send(Post("/echo", "{}") + "\r\n" + Get("/health")));
  ExpectStatus(blank, 200);
  ExpectStatus(blank, 200);
}

TEST_F(ServerTest, TargetsInAbsoluteFormNameTheirPath) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send("GET http://test:8080/health HTTP/1.1\r\nHost: test\r\n\r\n"
                          "GET HTTP://TEST/items/7?q=x HTTP/1.1\r\nHost: test\r\n\r\n"));
  ExpectStatus(client, 200);
  EXPECT_EQ(ExpectStatus(client, 200).body, R"({"item":7,"q":"x"})");
}

TEST_F(ServerTest, HeadAnswersCarryOneAcceptRangesAndNoBody) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send("HEAD /health HTTP/1.1\r\nHost: test\r\nRange: bytes=0-3\r\n\r\n" + Get("/health")));
  RawResponse head = ExpectStatus(client, 200, /*head=*/true);
  EXPECT_EQ(head.headers.count("accept-ranges"), 1u);
  EXPECT_EQ(head.Header("accept-ranges"), "none");
  EXPECT_EQ(head.Header("content-length"), std::to_string(std::string(R"({"status":"ok"})").size()));
  RawResponse get = ExpectStatus(client, 200);  // read right after the HEAD answer: it had no body
  EXPECT_EQ(get.headers.count("accept-ranges"), 1u);
  EXPECT_EQ(get.body, R"({"status":"ok"})");
}

TEST_F(ServerTest, BodiesOverTheLimitGet413AndChunkedUploadsWork) {
  Start();
  const std::string large(kBodyLimit + 1, 'a');
  {
    RawClient client(port_);
    ASSERT_TRUE(client.Send(Post("/echo", large)));
    RawResponse response = ExpectStatus(client, 413);
    EXPECT_NE(response.body.find("resource_exhausted"), std::string::npos) << response.body;
    EXPECT_EQ(response.Header("connection"), "close");
    EXPECT_TRUE(client.ClosedWithin(seconds(5)));
  }
  {  // Told before the upload, when the client asks first.
    RawClient client(port_);
    ASSERT_TRUE(client.Send(std::string(kEchoHead) + "Expect: 100-continue\r\nContent-Length: " +
                            std::to_string(large.size()) + "\r\n\r\n"));
    RawResponse response = ExpectStatus(client, 413);
  }
  {  // A body within the limit is asked for with 100 Continue.
    RawClient client(port_);
    ASSERT_TRUE(client.Send(std::string(kEchoHead) + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\n"));
    RawResponse go_on = ExpectStatus(client, 100);
    ASSERT_TRUE(client.Send("{}"));
    RawResponse response = ExpectStatus(client, 200);
    EXPECT_EQ(response.body, "{}");
  }
  {  // Chunked: whole within the limit, refused past it.
    RawClient client(port_);
    const std::string body(kBodyLimit, 'b');
    const std::string head = std::string(kEchoHead) + "Transfer-Encoding: chunked\r\n\r\n";
    ASSERT_TRUE(client.Send(head + Chunked(body, 100)));
    RawResponse response = ExpectStatus(client, 200);
    EXPECT_EQ(response.body, body);
    ASSERT_TRUE(client.Send(head + Chunked(large, 100)));
    RawResponse refused = ExpectStatus(client, 413);
  }
  {  // Compressed: the limit holds for the decompressed bytes.
    RawClient client(port_);
    ASSERT_TRUE(client.Send(Post("/echo", Compress(std::string(kBodyLimit, 'c')), "Content-Encoding: deflate\r\n")));
    RawResponse response = ExpectStatus(client, 200);
    EXPECT_EQ(response.body, std::string(kBodyLimit, 'c'));
    ASSERT_TRUE(client.Send(Post("/echo", Compress(large), "Content-Encoding: deflate\r\n")));
    RawResponse refused = ExpectStatus(client, 413);
    ASSERT_TRUE(client.Send(Post("/echo", "{}", "Content-Encoding: br\r\n")));
    RawResponse unsupported = ExpectStatus(client, 415);
  }
}

// A body read by a length taken leniently would be parsed as the next request (smuggling).
TEST_F(ServerTest, UnclearBodyLengthsAreRefusedAndTheConnectionClosed) {
  Start();
  for (const std::string headers : {"Content-Length: abc\r\n", "Content-Length: -1\r\n",
                                    "Content-Length: 2\r\nContent-Length: 3\r\n",
                                    "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n",
                                    "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n"}) {
    RawClient client(port_);
    ASSERT_TRUE(client.Send(std::string(kEchoHead) + headers + "\r\n{}" + Get("/health")));
    RawResponse response = ExpectStatus(client, 400);
    EXPECT_NE(response.body.find(R"("field":"Content-Length")"), std::string::npos) << headers << response.body;
    EXPECT_EQ(response.Header("connection"), "close");
    EXPECT_TRUE(client.ClosedWithin(seconds(5))) << headers;
  }
}

TEST_F(ServerTest, OverlongUrlsAndHeadersAreRefused) {
  Start();
  {
    RawClient client(port_);
    ASSERT_TRUE(client.Send(Get("/items/1?q=" + std::string(limits::kMaxHttpUrlBytes, 'x'))));
    RawResponse response = ExpectStatus(client, 414);
    EXPECT_NE(response.body.find("uri_too_long"), std::string::npos);
  }
  {
    RawClient client(port_);
    ASSERT_TRUE(client.Send(Get("/health", "X-Long: " + std::string(limits::kMaxHttpHeaderLineBytes, 'x') + "\r\n")));
    RawResponse response = ExpectStatus(client, 431);
  }
  {
    RawClient client(port_);
    ASSERT_TRUE(client.Send("NOT HTTP AT ALL\r\n\r\n"));
    RawResponse response = ExpectStatus(client, 400);
    EXPECT_NE(response.body.find("bad_request"), std::string::npos);
  }
}

TEST_F(ServerTest, ConnectionsCloseWhenAskedAndAfterTheMostRequests) {
  Start();
  {
    RawClient client(port_);
    ASSERT_TRUE(client.Send(Get("/health", "Connection: close\r\n")));
    RawResponse response = ExpectStatus(client, 200);
    EXPECT_EQ(response.Header("connection"), "close");
    EXPECT_TRUE(client.ClosedWithin(seconds(5)));
  }
  {  // HTTP/1.0 closes unless asked to keep the connection.
    RawClient client(port_);
    ASSERT_TRUE(client.Send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /health HTTP/1.0\r\n\r\n"));
    RawResponse kept = ExpectStatus(client, 200);
    EXPECT_EQ(kept.Header("connection"), "keep-alive");
    ExpectStatus(client, 200);
    EXPECT_TRUE(client.ClosedWithin(seconds(5)));
  }
  {
    RawClient client(port_);
    std::string many;
    for (std::size_t i = 0; i <= limits::kHttpKeepAliveMaxRequests; ++i) many += Get("/health");
    ASSERT_TRUE(client.Send(many));
    for (std::size_t i = 1; i <= limits::kHttpKeepAliveMaxRequests; ++i) {
      RawResponse response = ExpectStatus(client, 200);
      EXPECT_EQ(response.Header("connection"), i == limits::kHttpKeepAliveMaxRequests ? "close" : "") << i;
    }
    EXPECT_TRUE(client.ClosedWithin(seconds(5)));
  }
}

// Browsers send text/plain, a form's types and unlabelled bodies to any site without asking it
// first (no CORS preflight); read as JSON, they would let any web page write. Only JSON's own
// types are read, and record streams only where a route takes them.
TEST_F(ServerTest, OnlyBodiesLabelledAsJsonAreRead) {
  Start();
  auto post = [](const std::string& path, const std::string& content_type, const std::string& body = "{}") {
    return "POST " + path + " HTTP/1.1\r\nHost: test\r\n" +
           (content_type.empty() ? "" : "Content-Type: " + content_type + "\r\n") +
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  };
  RawClient client(port_);
  for (const std::string type : {"text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
                                 "multipart/form-data; boundary=x", "", "application/jsonp", "application/x-ndjson"}) {
    ASSERT_TRUE(client.Send(post("/echo", type)));
    RawResponse refused = ExpectStatus(client, 415);
    EXPECT_NE(refused.body.find(R"("field":"Content-Type")"), std::string::npos) << type << refused.body;
    EXPECT_NE(refused.body.find("application/json"), std::string::npos) << refused.body;
    EXPECT_EQ(refused.body.find("x-ndjson, "), std::string::npos) << "this route takes no record stream";
  }
  for (const std::string type : {"application/json", "Application/JSON; charset=utf-8", "application/json ;charset=UTF-8"}) {
    ASSERT_TRUE(client.Send(post("/echo", type)));
    EXPECT_EQ(ExpectStatus(client, 200).body, "{}") << type;
  }
  for (const std::string type : {"application/json", "application/x-ndjson", "application/ndjson", "application/jsonl",
                                 "application/json-seq"}) {
    ASSERT_TRUE(client.Send(post("/records", type)));
    EXPECT_EQ(ExpectStatus(client, 200).body, "{}") << type;
  }
  ASSERT_TRUE(client.Send(post("/records", "text/plain")));
  EXPECT_NE(ExpectStatus(client, 415).body.find("application/x-ndjson"), std::string::npos);
  // A write with neither body nor label reaches its route, which says what it needs.
  ASSERT_TRUE(client.Send(post("/echo", "", "")));
  EXPECT_EQ(ExpectStatus(client, 200).body, "");
}

// A web page on another site may send a write without asking first; its browser names the
// page's origin, and only listed origins and the server's own pages may write.
TEST_F(ServerTest, WritesFromOtherSitesAreRefusedUnlessListed) {
  for (bool listed : {true, false}) {
    SCOPED_TRACE(listed ? "with allowed origins" : "without allowed origins");
    TearDown();
    released_ = false;
    ServerOptions options;
    if (listed) options.allowed_origins = {"https://shop.example"};
    Start(options);
    RawClient client(port_);
    auto post_from = [&](const std::string& origin, const std::string& host = "test") {
      std::string body = "{}";
      return "POST /echo HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin +
             "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n" + body;
    };
    for (const std::string origin : {"https://evil.example", "null", "http://test:8081", "https://shop.example.evil"}) {
      ASSERT_TRUE(client.Send(post_from(origin)));
      RawResponse refused = ExpectStatus(client, 403);
      EXPECT_NE(refused.body.find(R"("field":"Origin")"), std::string::npos) << origin << refused.body;
      EXPECT_NE(refused.body.find("http.allowed_origins"), std::string::npos) << refused.body;
    }
    ASSERT_TRUE(client.Send(post_from("https://shop.example")));
    ExpectStatus(client, listed ? 200 : 403);
    // The server's own pages: the origin names the host the request was sent to.
    const std::string self = "127.0.0.1:" + std::to_string(port_);
    ASSERT_TRUE(client.Send(post_from("http://" + self, self) + post_from("http://Test", "test:80") +
                            post_from("https://test", "test:443")));
    for (int i = 0; i < 3; ++i) EXPECT_EQ(ExpectStatus(client, 200).body, "{}");
    // Without an Origin (servers, scripts), and reads from anywhere, as always.
    ASSERT_TRUE(client.Send(Post("/echo", "{}") + Get("/health", "Origin: https://evil.example\r\n")));
    ExpectAnswers(client, {"{}", R"({"status":"ok"})"});
  }
}

// A request sent to a host name the server does not answer to is refused before any route runs,
// reads included: a page on a rebound name would otherwise be the server's own origin.
TEST_F(ServerTest, RequestsToHostNamesNotServedAreRefused) {
  Start();
  RawClient client(port_);
  auto to = [](const std::string& host, const std::string& request_line = "GET /health HTTP/1.1") {
    return request_line + "\r\nHost: " + host + "\r\n\r\n";
  };
  ASSERT_TRUE(client.Send(to("attacker.example:" + std::to_string(port_))));
  RawResponse refused = ExpectStatus(client, 421);
  EXPECT_NE(refused.body.find(R"("field":"Host")"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("http.allowed_hosts"), std::string::npos) << refused.body;
  ASSERT_TRUE(client.Send(to("attacker.example", "OPTIONS /health HTTP/1.1")));
  ExpectStatus(client, 421);
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: attacker.example\r\nOrigin: http://attacker.example\r\n"
                          "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"));
  ExpectStatus(client, 421);
  ASSERT_TRUE(client.Send(to("127.0.0.1:" + std::to_string(port_)) + to("localhost") + to("[::1]") + to("TEST")));
  ExpectAnswers(client, {R"({"status":"ok"})", R"({"status":"ok"})", R"({"status":"ok"})", R"({"status":"ok"})"});
}

TEST_F(ServerTest, MethodsAndPathsAreAnsweredAsJson) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send(Get("/nothing") + Post("/health", "{}") + "TRACE /health HTTP/1.1\r\nHost: t\r\n\r\n" +
                          "OPTIONS /echo HTTP/1.1\r\nHost: t\r\n\r\n" + Post("/echo/", "{}")));
  RawResponse missing = ExpectStatus(client, 404);
  EXPECT_NE(missing.body.find(R"("error":"not_found")"), std::string::npos) << missing.body;
  for (int i = 0; i < 2; ++i) {
    RawResponse refused = ExpectStatus(client, 405);
    EXPECT_EQ(refused.Header("allow"), "GET, HEAD, OPTIONS");
    EXPECT_NE(refused.body.find(R"("error":"method_not_allowed")"), std::string::npos) << refused.body;
  }
  RawResponse options = ExpectStatus(client, 204);
  EXPECT_EQ(options.Header("allow"), "OPTIONS, POST");
  RawResponse slash = ExpectStatus(client, 200);
}

// OPTIONS * asks about the server as a whole (RFC 9110 9.3.7); no other method may name "*".
TEST_F(ServerTest, OptionsAsteriskNamesTheMethodsOfTheWholeServer) {
  Start();
  RawClient client(port_);
  ASSERT_TRUE(client.Send("OPTIONS * HTTP/1.1\r\nHost: test\r\n\r\n" + Get("*") + Get("/health")));
  RawResponse options = ExpectStatus(client, 204);
  EXPECT_EQ(options.Header("allow"), "GET, HEAD, OPTIONS, POST");
  RawResponse refused = ExpectStatus(client, 400);
  EXPECT_NE(refused.body.find("only OPTIONS"), std::string::npos) << refused.body;
  ExpectStatus(client, 200);
}

// Requests beyond the workers and the queue are told to come back rather than held.
TEST_F(ServerTest, AFullQueueIsAnswered503) {
  ServerOptions options;
  options.threads = 1;
  options.queue_depth = 1;
  Start(options);
  RawClient running(port_), queued(port_), refused(port_);
  ASSERT_TRUE(running.Send(Get("/wait")));
  WaitForWaiting(1);
  ASSERT_TRUE(queued.Send(Get("/wait")));
  std::this_thread::sleep_for(milliseconds(200));  // until it is read and queued
  ASSERT_TRUE(refused.Send(Get("/health")));
  RawResponse busy = ExpectStatus(refused, 503);
  EXPECT_EQ(busy.Header("retry-after"), std::to_string(limits::kHttpRetryAfterSeconds));
  EXPECT_NE(busy.body.find(R"("error":"unavailable")"), std::string::npos) << busy.body;
  Release();
  for (RawClient* client : {&running, &queued}) {
    RawResponse response = ExpectStatus(*client, 200);
  }
}

TEST_F(ServerTest, StopLetsARequestInHandFinish) {
  Start();
  RawClient client(port_), idle(port_);
  ASSERT_TRUE(client.Send(Get("/wait")));
  WaitForWaiting(1);
  server_->Stop();
  EXPECT_TRUE(idle.ClosedWithin(seconds(2)));  // nothing in hand: closed at once
  std::this_thread::sleep_for(milliseconds(100));
  Release();
  RawResponse response = ExpectStatus(client, 200);
  EXPECT_EQ(response.Header("connection"), "close");
  serving_.join();
  EXPECT_TRUE(served_.ok()) << served_.message();
}

TEST_F(ServerTest, ASecondServerOnABusyPortFailsToBind) {
  Start();
  ServerOptions options;
  options.port = port_;
  auto second = MakeServer(options);
  auto bound = second->Bind();
  ASSERT_FALSE(bound.ok());
  EXPECT_NE(bound.status().message().find("in use"), std::string::npos) << bound.status().message();
}

}  // namespace
}  // namespace peakend::http
