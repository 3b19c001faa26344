#include "http/body_coding.h"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>

namespace peakend::http {
namespace {

// zlib's window bits for the largest window, plus 32: detect a gzip or a zlib header by itself,
// so "deflate" sent by clients that write gzip (and the other way round) is read all the same.
constexpr int kAutoDetectWindowBits = 15 + 32;
constexpr std::size_t kInflateChunkBytes = 64 * 1024;

}  // namespace

BodyCoding ClassifyContentEncoding(std::string_view content_encoding) {
  if (content_encoding.empty() || content_encoding == "identity") return BodyCoding::kIdentity;
  if (content_encoding == "gzip" || content_encoding == "deflate") return BodyCoding::kCompressed;
  return BodyCoding::kUnsupported;
}

Result<std::string> Inflate(std::string_view compressed, std::size_t max_bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, kAutoDetectWindowBits) != Z_OK) {
    return Status::Internal("zlib could not start decompressing");
  }
  std::string out;
  std::array<char, kInflateChunkBytes> chunk;
  std::size_t fed = 0;
  int code = Z_OK;
  while (code == Z_OK) {
    if (stream.avail_in == 0 && fed < compressed.size()) {  // avail_in is 32 bits; bodies may be longer
      std::size_t n = std::min<std::size_t>(compressed.size() - fed, std::numeric_limits<uInt>::max());
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data() + fed));
      stream.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    code = inflate(&stream, Z_NO_FLUSH);  // Z_BUF_ERROR: the input ended before the stream did
    out.append(chunk.data(), chunk.size() - stream.avail_out);
    if (out.size() > max_bytes) {
      inflateEnd(&stream);
      return Status::ResourceExhausted("the decompressed body is larger than the limit", "body");
    }
  }
  inflateEnd(&stream);
  if (code != Z_STREAM_END || stream.avail_in != 0 || fed < compressed.size()) {
    return Status::InvalidArgument("the compressed body is not a whole gzip or deflate stream", "body");
  }
  return out;
}

}  // namespace peakend::http
