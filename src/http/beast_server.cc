// Boost.Beast implementation of http::Server.
//
// A few I/O threads run every connection asynchronously, each on a strand of its own, so an
// idle or slow client costs a little memory and no thread. A connection reads one request at a
// time: when it is whole, the route runs on a worker of the WorkerPool (routes block on the
// store), the answer is posted back to the connection's strand and written, and only then is
// the next request read. Pipelined requests wait in the read buffer meanwhile, so they are
// answered in order.

// Beast's string_view is std::string_view here, as everywhere else in Peakend (Beast is included
// by this file only).
#define BOOST_BEAST_USE_STD_STRING_VIEW

#include <boost/asio/buffer.hpp>
#include <boost/asio/execution/outstanding_work.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <charconv>
#include <chrono>
#include <ctime>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/limits.h"
#include "core/strings.h"
#include "http/request_target.h"
#include "http/router.h"
#include "http/server.h"
#include "http/worker_pool.h"

namespace peakend::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;
using Clock = asio::steady_timer::clock_type;

constexpr std::size_t kReadChunkBytes = 16 * 1024;
constexpr std::string_view kHeaderEnd = "\r\n\r\n";
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// How long accepting pauses after it failed (out of file descriptors, say) before trying again,
// so a full table does not spin an I/O thread.
constexpr auto kAcceptRetryDelay = std::chrono::milliseconds(100);

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && AsciiLower(a) == AsciiLower(b);
}

// The header lines of a raw request head (the request line skipped), as "Name", "value".
std::vector<std::pair<std::string, std::string>> HeaderLines(std::string_view head) {
  std::vector<std::pair<std::string, std::string>> lines;
  std::size_t at = head.find("\r\n");
  while (at != std::string_view::npos && at + 2 < head.size()) {
    std::size_t start = at + 2, end = head.find("\r\n", start);
    std::string_view line = head.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (std::size_t colon = line.find(':'); colon != std::string_view::npos) {
      lines.emplace_back(std::string(line.substr(0, colon)), std::string(TrimSpace(line.substr(colon + 1))));
    }
    at = end;
  }
  return lines;
}

// Why Beast refused the body length of a request head: a Content-Length that is not a byte
// count, given twice with different values, or together with Transfer-Encoding. A body read by
// a length taken leniently would be parsed as the next request on the connection (request
// smuggling behind a proxy that reads it right), so each is refused before the body is read.
Status BodyLengthProblem(std::string_view head) {
  std::optional<std::uint64_t> length;
  bool transfer_encoding = false;
  for (const auto& [name, text] : HeaderLines(head)) {
    if (EqualsIgnoringCase(name, "Transfer-Encoding")) transfer_encoding = true;
    if (!EqualsIgnoringCase(name, "Content-Length")) continue;
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    bool digits = !text.empty() && std::isdigit(static_cast<unsigned char>(text[0]));
    if (!digits || error != std::errc() || end != text.data() + text.size()) {
      return Status::InvalidArgument("Content-Length '" + Shorten(text, limits::kMaxEchoedNameBytes) +
                                         "' is not a byte count; send the body's length in bytes as a whole number",
                                     "Content-Length");
    }
    if (length && *length != value) {
      return Status::InvalidArgument("Content-Length is given twice with different values (" +
                                         std::to_string(*length) + " and " + std::to_string(value) + "); send it once",
                                     "Content-Length");
    }
    length = value;
  }
  if (length && transfer_encoding) {
    return Status::InvalidArgument("both Content-Length and Transfer-Encoding are given; send one of them",
                                   "Content-Length");
  }
  return Status::Ok();
}

Response BadRequest() {
  return ErrorResponse(400, "bad_request",
                       "the request is not well-formed HTTP/1.1: send a request line 'METHOD /path HTTP/1.1', header "
                       "lines 'Name: value' of at most " + std::to_string(limits::kMaxHttpHeaderLineBytes) +
                           " bytes, and a body as its headers say");
}

Response NotHttp(std::string_view data) {
  constexpr unsigned char kTlsHandshake = 0x16;
  if (static_cast<unsigned char>(data.front()) == kTlsHandshake) {
    return ErrorResponse(400, "bad_request",
                         "a TLS handshake reached Peakend's plain HTTP port: use http://, or put a TLS-terminating "
                         "proxy in front of it");
  }
  return BadRequest();
}

Response UriTooLong() {
  return ErrorResponse(414, "uri_too_long",
                       "the URL is longer than " + std::to_string(limits::kMaxHttpUrlBytes) +
                           " bytes; send fewer or shorter query parameters");
}

Response HeadersTooLarge() {
  return ErrorResponse(431, "header_too_large",
                       "a header line is longer than " + std::to_string(limits::kMaxHttpHeaderLineBytes) +
                           " bytes, or all headers together longer than " +
                           std::to_string(limits::kMaxHttpHeaderBytes) + "; send fewer or shorter headers");
}

Response UnsupportedTransferEncoding(std::string_view coding) {
  return ErrorResponse(400, "bad_request",
                       "Transfer-Encoding '" + Shorten(coding, limits::kMaxEchoedNameBytes) +
                           "' is not read; send the body with a Content-Length, or with Transfer-Encoding: chunked",
                       "Transfer-Encoding");
}

Response BodyTooSlow(std::size_t min_bytes_per_second) {
  return ErrorResponse(408, "request_timeout",
                       "the request body came slower than " + std::to_string(min_bytes_per_second) +
                           " bytes a second, or paused for " + std::to_string(limits::kHttpReadTimeoutSeconds) +
                           " seconds; send it without pausing, or in smaller requests",
                       "body");
}

Response Busy(std::size_t queue_depth) {
  Response busy = ErrorResponse(503, "unavailable",
                                "the server is busy: " + std::to_string(queue_depth) +
                                    " requests are waiting for a worker; send this one again in a moment");
  busy.headers.emplace("Retry-After", std::to_string(limits::kHttpRetryAfterSeconds));
  return busy;
}

// The Date header every answer carries (RFC 9110: an origin server with a clock sends one), as
// "Tue, 01 Dec 2026 06:05:09 GMT"; made once a second per thread.
const std::string& HttpDate() {
  thread_local std::time_t made_for = 0;
  thread_local std::string date;
  std::time_t now = std::time(nullptr);
  if (now != made_for) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    char text[64];
    date.assign(text, std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc));
    made_for = now;
  }
  return date;
}

class Connection;

// What every connection shares: the routes, the workers and the options, and the open
// connections (weakly, so that Stop can close them).
struct Shared {
  Shared(const ServerOptions& options, const Router& router, WorkerPool& workers, asio::io_context& io)
      : options(options), router(router), workers(workers), io(io) {}

  const ServerOptions& options;
  const Router& router;
  WorkerPool& workers;
  asio::io_context& io;
  std::mutex open_mu;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> open;  // guarded by open_mu
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Shared& shared, tcp::socket socket)
      : shared_(shared), socket_(std::move(socket)), timer_(socket_.get_executor()) {}

  ~Connection() {
    std::lock_guard lock(shared_.open_mu);
    shared_.open.erase(this);
  }

  void Start() {
    error_code ignored;
    // Without it every keep-alive answer waits for the client's delayed ACK (~40 ms).
    socket_.set_option(tcp::no_delay(true), ignored);
    ReadRequest();
  }

  // Closes the connection once the request in hand (if any) is answered; from any thread.
  void Stop() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      if (self->state_ == State::kReading || self->state_ == State::kLingering) self->Close();
      // A wait left on the timer of a closed connection would hold the server's stop until
      // its deadline (the keep-alive idle time) for nothing.
      if (self->state_ == State::kClosed) self->timer_.cancel();
    });
  }

 private:
  enum class State { kReading, kHandling, kWriting, kLingering, kClosed };

  void ReadRequest() {
    state_ = State::kReading;
    parser_.emplace();
    parser_->eager(false);  // one step a put: the head is checked before any body is read
    parser_->header_limit(static_cast<std::uint32_t>(limits::kMaxHttpHeaderBytes + kHeaderEnd.size()));
    parser_->body_limit(static_cast<std::uint64_t>(shared_.options.max_body_bytes));
    header_scanned_ = 0;
    head_deadline_ = Clock::time_point::max();
    body_started_ = Clock::time_point::max();
    body_bytes_ = 0;
    body_late_ = false;
    version_ = 11;
    head_ = false;
    origin_.clear();
    Parse();
  }

  // Feeds what was read to the parser until the request is whole or more bytes are needed.
  void Parse() {
    for (;;) {
      if (!parser_->is_header_done()) {
        std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
        // Empty lines before a request line are ignored (RFC 9112 2.2): some clients end a body with one.
        if (std::size_t blank = data.find_first_not_of("\r\n"); blank != 0) {
          buffer_.consume(blank == std::string_view::npos ? data.size() : blank);
          header_scanned_ = 0;
          if (buffer_.size() == 0) return ReadMore();
          continue;
        }
        // A method is letters: anything else first (a TLS handshake from an https:// client, a
        // binary protocol) is not a request, and is answered at once rather than after the timeout.
        if (!data.empty() && !std::isalpha(static_cast<unsigned char>(data.front()))) return Refuse(NotHttp(data));
        std::size_t end = data.find(kHeaderEnd, header_scanned_);
        if (std::size_t bare = data.find("\n\n", header_scanned_); bare < end) {  // before any CR LF CR LF
          EndLinesWithCrLf(bare + 2);
          continue;
        }
        if (end == std::string_view::npos) {
          if (data.size() > limits::kMaxHttpHeaderBytes) return Refuse(HeadTooLarge(data));
          header_scanned_ = data.size() >= kHeaderEnd.size() ? data.size() - kHeaderEnd.size() + 1 : 0;
          return ReadMore();
        }
        if (end + kHeaderEnd.size() > limits::kMaxHttpHeaderBytes) return Refuse(HeadTooLarge(data));
        error_code ec;
        std::size_t used = parser_->put(buffer_.data(), ec);
        if (ec) return Refuse(HeadProblem(ec, data.substr(0, end + kHeaderEnd.size())));
        buffer_.consume(used);
        if (!CheckHead()) return;
        if (NeedsContinue()) return WriteContinue();
        continue;
      }
      if (parser_->is_done()) return Dispatch();
      if (buffer_.size() == 0) return ReadMore();
      error_code ec;
      std::size_t used = parser_->put(buffer_.data(), ec);
      buffer_.consume(used);
      body_bytes_ += used;
      if (ec == bhttp::error::need_more) return ReadMore();
      if (ec == bhttp::error::body_limit) return Refuse(shared_.router.TooLarge());
      if (ec) return Refuse(BadRequest());
    }
  }

  // A head whose lines end in a bare LF, as hand-written clients send them (RFC 9112 lets a
  // server read them): its first `head_bytes` in the buffer get CR LF, which Beast requires.
  void EndLinesWithCrLf(std::size_t head_bytes) {
    std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    std::string fixed;
    fixed.reserve(data.size() + head_bytes / 2);
    for (std::size_t i = 0; i < head_bytes; ++i) {
      if (data[i] == '\n' && (i == 0 || data[i - 1] != '\r')) fixed += '\r';
      fixed += data[i];
    }
    fixed.append(data.substr(head_bytes));
    buffer_.consume(buffer_.size());
    asio::buffer_copy(buffer_.prepare(fixed.size()), asio::buffer(fixed));
    buffer_.commit(fixed.size());
    header_scanned_ = 0;
  }

  // The 414 or 431 for a head that does not end within the limit: which depends on whether
  // the request line alone is too long.
  static Response HeadTooLarge(std::string_view data) {
    std::size_t line_end = data.find("\r\n");
    bool long_url = line_end == std::string_view::npos || line_end > limits::kMaxHttpUrlBytes;
    return long_url ? UriTooLong() : HeadersTooLarge();
  }

  Response HeadProblem(const error_code& ec, std::string_view head) const {
    if (ec == bhttp::error::body_limit) return shared_.router.TooLarge();
    if (ec == bhttp::error::bad_content_length || ec == bhttp::error::bad_transfer_encoding) {
      if (Status problem = BodyLengthProblem(head); !problem.ok()) return ErrorResponse(problem);
    }
    return BadRequest();
  }

  // The bounds of a parsed head; false when it was refused.
  bool CheckHead() {
    const auto& request = parser_->get();
    version_ = request.version();
    head_ = request.method() == bhttp::verb::head;
    origin_ = std::string(request[bhttp::field::origin]);
    if (request.target().size() > limits::kMaxHttpUrlBytes) {
      Refuse(UriTooLong());
      return false;
    }
    for (const auto& field : request) {
      if (field.name_string().size() + 2 + field.value().size() > limits::kMaxHttpHeaderLineBytes) {
        Refuse(HeadersTooLarge());
        return false;
      }
    }
    if (auto coding = request[bhttp::field::transfer_encoding]; !coding.empty() && !EqualsIgnoringCase(coding, "chunked")) {
      Refuse(UnsupportedTransferEncoding(coding));
      return false;
    }
    return true;
  }

  // A client that sent `Expect: 100-continue` waits for this before it sends its body; one whose
  // body is too large was refused with the head already.
  bool NeedsContinue() const {
    const auto& request = parser_->get();
    return version_ >= 11 && !parser_->is_done() && buffer_.size() == 0 &&
           EqualsIgnoringCase(request[bhttp::field::expect], "100-continue");
  }

  void WriteContinue() {
    state_ = State::kWriting;
    ArmTimer(limits::kHttpWriteTimeoutSeconds);
    asio::async_write(socket_, asio::buffer(kContinue.data(), kContinue.size()),
                      [self = shared_from_this()](error_code ec, std::size_t) {
                        if (self->state_ == State::kClosed) return;
                        self->DisarmTimer();
                        if (ec) return self->Close();
                        self->state_ = State::kReading;
                        self->Parse();
                      });
  }

  void ReadMore() {
    // Between requests the client has kHttpKeepAliveIdleSeconds to start the next; once it
    // has, silence longer than kHttpReadTimeoutSeconds means it is gone or stalling. A head
    // must be whole by its deadline and a body keep its least rate, or a client sending a byte
    // just before each read timeout would hold the connection for ever.
    bool between_requests = buffer_.size() == 0 && !parser_->got_some();
    Clock::time_point deadline =
        Clock::now() + std::chrono::seconds(between_requests ? limits::kHttpKeepAliveIdleSeconds
                                                             : limits::kHttpReadTimeoutSeconds);
    if (!between_requests && !parser_->is_header_done()) {
      if (head_deadline_ == Clock::time_point::max()) {
        head_deadline_ = Clock::now() + std::chrono::seconds(limits::kHttpHeadDeadlineSeconds);
      }
      deadline = std::min(deadline, head_deadline_);
    }
    if (parser_->is_header_done()) deadline = std::min(deadline, BodyDeadline());
    ArmTimerUntil(deadline);
    socket_.async_read_some(buffer_.prepare(kReadChunkBytes), [self = shared_from_this()](error_code ec, std::size_t n) {
      if (self->state_ == State::kClosed) return;
      self->DisarmTimer();
      if (self->body_late_) return self->Refuse(BodyTooSlow(self->shared_.options.min_body_bytes_per_second));
      if (ec) return self->Close();  // the client closed, or the timer did
      self->buffer_.commit(n);
      self->Parse();
    });
  }

  // When the body read so far is late: the grace after its first read, and a second more for
  // every min_body_bytes_per_second received. It only moves later as bytes come in, so one
  // timer wait serves the whole body (a client keeping the rate never restarts it early).
  Clock::time_point BodyDeadline() {
    if (body_started_ == Clock::time_point::max()) body_started_ = Clock::now();  // after 100 Continue, if asked
    std::size_t rate = std::max<std::size_t>(shared_.options.min_body_bytes_per_second, 1);
    auto earned = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(static_cast<double>(body_bytes_) / static_cast<double>(rate)));
    return body_started_ + shared_.options.body_grace + earned;
  }

  void Dispatch() {
    state_ = State::kHandling;
    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    Request request;
    request.method = std::string(message.method_string());
    RequestTarget target = ParseRequestTarget(message.target());
    request.path = std::move(target.path);
    request.query = std::move(target.query);
    for (const auto& field : message) request.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    request.body = std::move(message.body());
    // The tracked executor keeps the I/O threads running until the answer is posted back, so
    // Stop lets a request in hand finish.
    auto work = asio::prefer(shared_.io.get_executor(), asio::execution::outstanding_work.tracked);
    bool queued = shared_.workers.TrySubmit([self = shared_from_this(), request = std::move(request), work]() mutable {
      Response response = self->shared_.router.Answer(std::move(request));
      asio::post(self->socket_.get_executor(), [self, response = std::move(response)]() mutable {
        self->WriteAnswer(std::move(response));
      });
    });
    if (!queued) WriteAnswer(Busy(shared_.options.queue_depth));
  }

  // Answers a request whose body is left unread; the connection is closed after the answer,
  // since what the client sends next on it would be that body, not a request.
  void Refuse(Response response) {
    keep_alive_ = false;
    WriteAnswer(std::move(response));
  }

  void WriteAnswer(Response answer) {
    if (state_ == State::kClosed) return;
    state_ = State::kWriting;
    shared_.router.AddCommonHeaders(origin_, answer);
    ++answered_;
    bool keep_alive = keep_alive_ && !stopping_ && answered_ < limits::kHttpKeepAliveMaxRequests;
    response_.emplace();
    auto& response = *response_;
    response.version(version_);
    response.result(static_cast<unsigned>(answer.status));
    response.set(bhttp::field::date, HttpDate());
    for (const auto& [name, value] : answer.headers) response.insert(name, value);
    bool has_content = answer.status >= 200 && answer.status != 204 && answer.status != 304;
    if (has_content) {
      response.set(bhttp::field::content_type, answer.content_type);
      response.content_length(answer.body.size());  // a HEAD answer says how long the GET one is
      if (!head_) response.body() = std::move(answer.body);
    }
    response.keep_alive(keep_alive);
    ArmTimer(limits::kHttpWriteTimeoutSeconds);
    bhttp::async_write(socket_, response, [self = shared_from_this(), keep_alive](error_code ec, std::size_t) {
      if (self->state_ == State::kClosed) return;
      self->DisarmTimer();
      self->response_.reset();
      if (ec) return self->Close();
      if (!keep_alive) return self->Linger();
      self->ReadRequest();
    });
  }

  // Closes after the last answer without resetting the connection: what the client still sends
  // (a body that was refused, requests pipelined behind a Connection: close) is read and dropped
  // until it closes its side, for a bounded time, so the answer is not lost to a reset.
  void Linger() {
    state_ = State::kLingering;
    error_code ec;
    socket_.shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    buffer_.consume(buffer_.size());
    ArmTimer(limits::kHttpLingerSeconds);
    Drain();
  }

  void Drain() {
    socket_.async_read_some(buffer_.prepare(kReadChunkBytes), [self = shared_from_this()](error_code ec, std::size_t n) {
      if (self->state_ == State::kClosed) return;
      self->lingered_bytes_ += n;
      if (ec || self->lingered_bytes_ > limits::kMaxHttpLingerBytes) return self->Close();
      self->Drain();
    });
  }

  void Close() {
    if (state_ == State::kClosed) return;
    state_ = State::kClosed;
    DisarmTimer();
    if (stopping_) timer_.cancel();  // see Stop
    error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  // On expiry the socket is closed, which ends the pending read or write with an error (a late
  // body's read is cancelled instead, to answer 408). Arming and disarming only move the
  // deadline: the timer's wait is restarted when it ends before the deadline or must end
  // sooner, so a keep-alive request costs no timer system call.
  void ArmTimer(int seconds) { ArmTimerUntil(Clock::now() + std::chrono::seconds(seconds)); }

  void ArmTimerUntil(Clock::time_point deadline) {
    deadline_ = deadline;
    if (!waiting_ || deadline_ < wait_until_) WaitForDeadline();
  }

  void DisarmTimer() { deadline_ = Clock::time_point::max(); }

  void WaitForDeadline() {
    waiting_ = true;
    wait_until_ = deadline_;
    timer_.expires_at(deadline_);  // ends a wait still pending with operation_aborted
    timer_.async_wait([self = shared_from_this()](error_code ec) {
      if (ec == asio::error::operation_aborted) return;  // replaced by a sooner wait
      self->waiting_ = false;
      if (self->state_ == State::kClosed || self->deadline_ == Clock::time_point::max()) return;
      if (Clock::now() < self->deadline_) return self->WaitForDeadline();  // moved on meanwhile
      error_code ignored;
      // A request whose head was read is answered 408 when its body is late, so a client on a
      // slow line learns why; the read ends cancelled and answers. Before a whole head there
      // is no request to answer (nor, often, a client that reads one): the connection closes.
      if (self->state_ == State::kReading && self->parser_->is_header_done()) {
        self->body_late_ = true;
        self->socket_.cancel(ignored);
        return;
      }
      self->socket_.close(ignored);
    });
  }

  Shared& shared_;
  tcp::socket socket_;  // its executor is the connection's strand; so is every handler's
  asio::steady_timer timer_;
  Clock::time_point deadline_ = Clock::time_point::max();  // of the read or write under way
  Clock::time_point wait_until_;  // when the timer's pending wait ends
  bool waiting_ = false;
  State state_ = State::kReading;
  beast::flat_buffer buffer_;  // read but not parsed yet: pipelined requests wait here
  std::size_t header_scanned_ = 0;  // bytes of buffer_ already searched for the end of the head
  Clock::time_point head_deadline_ = Clock::time_point::max();  // kHttpHeadDeadlineSeconds after its first byte
  Clock::time_point body_started_ = Clock::time_point::max();  // the body's first read (see BodyDeadline)
  std::uint64_t body_bytes_ = 0;  // of the body, as sent (chunk sizes included), parsed so far
  bool body_late_ = false;  // the timer found the body late: answer 408
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::optional<bhttp::response<bhttp::string_body>> response_;  // the answer being written
  // Of the request in hand.
  unsigned version_ = 11;
  bool head_ = false;
  bool keep_alive_ = false;
  std::string origin_;
  std::size_t answered_ = 0;
  std::size_t lingered_bytes_ = 0;
  bool stopping_ = false;
};

class BeastServer : public Server {
 public:
  explicit BeastServer(const ServerOptions& options)
      : options_(options),
        router_(options.max_body_bytes, options.allowed_origins, options.allowed_hosts),
        acceptor_(io_),
        accept_retry_(io_) {}

  void Route(const std::string& method, const std::string& pattern, Handler handler, BodyTypes body) override {
    router_.Add(method, pattern, std::move(handler), body);
  }

  Result<int> Bind() override {
    error_code ec;
    tcp::endpoint endpoint = Endpoint(ec);
    if (!ec) acceptor_.open(endpoint.protocol(), ec);
    // SO_REUSEADDR lets a restart reuse the port at once. Never SO_REUSEPORT: with it a second
    // server on a busy port would start and take part of the traffic to its own store.
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      error_code ignored;
      acceptor_.close(ignored);
      return Status::Unavailable("cannot listen on " + options_.host + ":" + std::to_string(options_.port) + " (" +
                                 ec.message() +
                                 "): the port is in use or the address is not local; choose another with --port");
    }
    return static_cast<int>(acceptor_.local_endpoint(ec).port());
  }

  Status Serve() override {
    if (!acceptor_.is_open()) return Status::FailedPrecondition("the HTTP server serves only after Bind succeeded");
    if (stop_requested_) return Status::Ok();
    workers_.emplace(options_.threads, options_.queue_depth);
    shared_.emplace(options_, router_, *workers_, io_);
    Accept();
    int io_threads = std::clamp(static_cast<int>(std::thread::hardware_concurrency()) / limits::kCoresPerHttpIoThread, 1,
                                limits::kMaxHttpIoThreads);
    std::vector<std::thread> threads;
    for (int i = 1; i < io_threads; ++i) threads.emplace_back([this] { RunIo(); });
    RunIo();
    for (auto& thread : threads) thread.join();
    workers_->Shutdown();  // empty by now: every task held the I/O threads until it was answered
    return Status::Ok();
  }

  void Stop() override {
    if (stop_requested_.exchange(true)) return;
    asio::post(io_, [this] {
      error_code ignored;
      acceptor_.close(ignored);
      accept_retry_.cancel();
      if (!shared_) return;
      std::vector<std::shared_ptr<Connection>> open;
      {
        std::lock_guard lock(shared_->open_mu);
        for (auto& [key, weak] : shared_->open) {
          if (auto connection = weak.lock()) open.push_back(std::move(connection));
        }
      }
      for (auto& connection : open) connection->Stop();
    });
  }

 private:
  tcp::endpoint Endpoint(error_code& ec) {
    auto port = static_cast<unsigned short>(options_.port);
    auto address = asio::ip::make_address(options_.host, ec);
    if (!ec) return {address, port};
    tcp::resolver resolver(io_);  // a host name such as "localhost"
    auto results = resolver.resolve(options_.host, std::to_string(options_.port), ec);
    if (!ec && results.empty()) ec = asio::error::host_not_found;
    return ec ? tcp::endpoint() : results.begin()->endpoint();
  }

  void Accept() {
    acceptor_.async_accept(asio::make_strand(io_), [this](error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor_.is_open()) return;
      if (ec) {
        spdlog::warn("HTTP: accepting a connection failed: {}", ec.message());
        accept_retry_.expires_after(kAcceptRetryDelay);
        accept_retry_.async_wait([this](error_code wait) {
          if (!wait && acceptor_.is_open()) Accept();
        });
        return;
      }
      auto connection = std::make_shared<Connection>(*shared_, std::move(socket));
      {
        std::lock_guard lock(shared_->open_mu);
        shared_->open.emplace(connection.get(), connection);
      }
      connection->Start();
      Accept();
    });
  }

  void RunIo() {
    for (;;) {
      try {
        io_.run();
        return;
      } catch (const std::exception& e) {  // a bug in a handler; the other connections go on
        spdlog::error("HTTP: an I/O handler failed: {}", e.what());
      }
    }
  }

  const ServerOptions options_;
  Router router_;
  std::optional<WorkerPool> workers_;
  std::optional<Shared> shared_;
  asio::io_context io_;  // after what its handlers refer to, so it is destroyed first
  tcp::acceptor acceptor_;
  asio::steady_timer accept_retry_;
  std::atomic<bool> stop_requested_{false};
};

}  // namespace

std::unique_ptr<Server> MakeServer(const ServerOptions& options) { return std::make_unique<BeastServer>(options); }

}  // namespace peakend::http
