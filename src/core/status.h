// Status and Result<T>: how errors cross module boundaries in Peakend.
//
// Modules may throw internally, but every public function of a module returns a Status or a
// Result<T>. A Status carries a code, a message written for the person who must fix the
// problem, and optionally the input field it concerns (the HTTP layer turns these into
// {error, field, detail}).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace peakend {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,   // the caller's input is wrong: 400/422
  kNotFound,          // an id or reference that does not exist: 404/422
  kAlreadyExists,     // a conflicting record: 409
  kResourceExhausted, // a bound was hit (body size, queue depth): 413/503
  kFailedPrecondition,
  kUnavailable,       // the store or a peer cannot be reached; retry later
  kInternal,          // a bug or corrupted state
  kIoError,
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string msg, std::string field = {}) {
    return {StatusCode::kInvalidArgument, std::move(msg), std::move(field)};
  }
  static Status NotFound(std::string msg, std::string field = {}) {
    return {StatusCode::kNotFound, std::move(msg), std::move(field)};
  }
  static Status AlreadyExists(std::string msg) { return {StatusCode::kAlreadyExists, std::move(msg)}; }
  static Status ResourceExhausted(std::string msg, std::string field = {}) {
    return {StatusCode::kResourceExhausted, std::move(msg), std::move(field)};
  }
  static Status FailedPrecondition(std::string msg) { return {StatusCode::kFailedPrecondition, std::move(msg)}; }
  static Status Unavailable(std::string msg) { return {StatusCode::kUnavailable, std::move(msg)}; }
  static Status Internal(std::string msg) { return {StatusCode::kInternal, std::move(msg)}; }
  static Status IoError(std::string msg) { return {StatusCode::kIoError, std::move(msg)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }
  // "invalid_argument: <message>" for logs and CLI output.
  std::string ToString() const;

  // Prefixes context ("line 12: ") to the message, keeping code and field.
  Status WithContext(const std::string& context) const {
    return {code_, context + message_, field_};
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

// A value or the Status explaining why there is none (as absl::StatusOr).
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(data_).ok() && "Result needs a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace peakend

// Returns early from the enclosing function when `expr` yields a non-OK Status.
#define PEAKEND_RETURN_IF_ERROR(expr)            \
  do {                                           \
    ::peakend::Status _peakend_status = (expr);  \
    if (!_peakend_status.ok()) return _peakend_status; \
  } while (0)
