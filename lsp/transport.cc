#include "lsp/transport.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace ocf::lsp {

namespace {

// One header line without its "\r\n" (a bare "\n" is taken too); false at
// the end of the stream. A line longer than any real header is cut short,
// so a stream of garbage without line breaks cannot use up memory.
bool ReadHeaderLine(std::istream& in, std::string& line) {
  line.clear();
  constexpr size_t kMaxHeaderLine = 8192;
  int c;
  while ((c = in.get()) != std::char_traits<char>::eof()) {
    if (c == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return true;
    }
    if (line.size() < kMaxHeaderLine) line += static_cast<char>(c);
  }
  return !line.empty();
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

}  // namespace

Frame ReadFrame(std::istream& in, size_t max_bytes) {
  std::string line;
  bool any_header = false;
  bool have_length = false;
  size_t length = 0;
  std::string problem;
  while (true) {
    if (!ReadHeaderLine(in, line)) return Frame{Frame::Kind::End, "", ""};
    if (line.empty()) {
      // Blank lines between messages are tolerated.
      if (!any_header) continue;
      break;
    }
    any_header = true;
    size_t colon = line.find(':');
    if (colon == std::string::npos) {
      if (problem.empty()) problem = "a header line without `:`";
      continue;
    }
    std::string_view name = Trim(std::string_view(line).substr(0, colon));
    std::string_view value = Trim(std::string_view(line).substr(colon + 1));
    if (EqualsNoCase(name, "Content-Length")) {
      size_t n = 0;
      auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc() || ptr != value.data() + value.size()) {
        if (problem.empty()) problem = "a Content-Length that is not a number";
        continue;
      }
      have_length = true;
      length = n;
    }
    // Content-Type and unknown headers are ignored: the body is always UTF-8 JSON.
  }
  if (!have_length) {
    return Frame{Frame::Kind::BadHeader, "", problem.empty() ? "no Content-Length header" : problem};
  }
  if (length > max_bytes) {
    // Read and drop it in pieces, so the next message is found.
    char buffer[65536];
    size_t left = length;
    while (left > 0 && in) {
      in.read(buffer, static_cast<std::streamsize>(std::min(left, sizeof buffer)));
      left -= static_cast<size_t>(in.gcount());
      if (in.gcount() == 0) break;
    }
    return Frame{Frame::Kind::TooLarge, "",
                 "a message of " + std::to_string(length) + " bytes (at most " + std::to_string(max_bytes) +
                     " are taken)"};
  }
  std::string body(length, '\0');
  in.read(body.data(), static_cast<std::streamsize>(length));
  if (static_cast<size_t>(in.gcount()) != length) return Frame{Frame::Kind::End, "", ""};
  return Frame{Frame::Kind::Message, std::move(body), ""};
}

void Writer::Send(const std::string& body) {
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

}  // namespace ocf::lsp
