// The base protocol: messages framed by `Content-Length: N\r\n\r\n` headers.
//
// ReadMessage never throws and never gives up on the stream for one bad
// message: a header block without a usable Content-Length is skipped up to
// its blank line, and a body too large to take is read and dropped, so the
// next well-formed message is read as if nothing had happened. Only the end
// of the stream stops it.
#pragma once

#include <cstddef>
#include <istream>
#include <mutex>
#include <ostream>
#include <string>

namespace ocf::lsp {

struct Frame {
  enum class Kind { Message, BadHeader, TooLarge, End };
  Kind kind = Kind::End;
  std::string body;    // Message: the JSON text
  std::string reason;  // BadHeader, TooLarge: what was wrong
};

// A message body larger than this is refused (read and dropped).
inline constexpr size_t kMaxMessageBytes = 64u << 20;

Frame ReadFrame(std::istream& in, size_t max_bytes = kMaxMessageBytes);

// Writes whole messages; safe to call from several threads.
class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  void Send(const std::string& body);

 private:
  std::ostream& out_;
  std::mutex mutex_;
};

}  // namespace ocf::lsp
