// The language server's pieces (lsp/): positions in UTF-16 and UTF-32,
// incremental edits, URIs, the framing of messages, and the dispatcher's
// answers to a handler that throws. tests/lsp/ drives the whole server over
// stdio as an editor does.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "lsp/json.h"
#include "lsp/server.h"
#include "lsp/server_impl.h"
#include "lsp/text.h"
#include "lsp/transport.h"

namespace ocf::lsp {
namespace {

constexpr auto kUtf16 = PositionEncoding::Utf16;
constexpr auto kUtf32 = PositionEncoding::Utf32;

TEST(LspText, PositionsCountUtf16UnitsOrCodePoints) {
  // "£" is one unit in both; the emoji is two UTF-16 units, one code point.
  const std::string text = "ab\n£\xF0\x9F\x98\x80x\r\nlast";
  LineIndex lines(text);
  EXPECT_EQ(lines.line_count(), 3u);
  // `x`: code point 3 + 3 = 6 (a, b, \n, £, emoji, x).
  EXPECT_EQ(lines.CodePointOffset({1, 3}, kUtf16), 5u);
  EXPECT_EQ(lines.CodePointOffset({1, 2}, kUtf32), 5u);
  EXPECT_EQ(lines.PositionOf(5, kUtf16), (Position{1, 3}));
  EXPECT_EQ(lines.PositionOf(5, kUtf32), (Position{1, 2}));
  // CRLF is one line break of two code points: `l` of "last" is code point 8.
  EXPECT_EQ(lines.PositionOf(8, kUtf16), (Position{2, 0}));
  EXPECT_EQ(lines.CodePointOffset({2, 0}, kUtf16), 8u);
  // Past the end of a line: its end; past the last line: the end of the text.
  EXPECT_EQ(lines.CodePointOffset({0, 99}, kUtf16), 2u);
  EXPECT_EQ(lines.CodePointOffset({99, 0}, kUtf16), 12u);
  EXPECT_EQ(lines.End(kUtf16), (Position{2, 4}));
  EXPECT_EQ(lines.LineEnd(1, kUtf16), (Position{1, 4}));
  EXPECT_EQ(lines.LineEnd(1, kUtf32), (Position{1, 3}));
}

TEST(LspText, IncrementalEditsApplyWhereTheClientSays) {
  Document d("file:///a.ocf", "let a = 1\nlet \xF0\x9F\x98\x80 = 2\n", 1);
  // Replace the `2` after the emoji (UTF-16 character 8 on line 1).
  d.Apply(Range{{1, 9}, {1, 10}}, "30", kUtf16);
  EXPECT_EQ(d.text(), "let a = 1\nlet \xF0\x9F\x98\x80 = 30\n");
  // The same place in UTF-32 is one character earlier.
  d.Apply(Range{{1, 8}, {1, 10}}, "4", kUtf32);
  EXPECT_EQ(d.text(), "let a = 1\nlet \xF0\x9F\x98\x80 = 4\n");
  // Across lines, and a range given backwards.
  d.Apply(Range{{1, 3}, {0, 3}}, "", kUtf16);
  EXPECT_EQ(d.text(), "let \xF0\x9F\x98\x80 = 4\n");
  // The whole text.
  d.Apply(std::nullopt, "new", kUtf16);
  EXPECT_EQ(d.text(), "new");
  EXPECT_EQ(d.lines().End(kUtf16), (Position{0, 3}));
}

TEST(LspText, FileUris) {
  EXPECT_EQ(FileFromUri("file:///home/a%20b/c.ocf").value_or("?"), "/home/a b/c.ocf");
  EXPECT_EQ(FileFromUri("file://localhost/x.ocf").value_or("?"), "/x.ocf");
  EXPECT_FALSE(FileFromUri("untitled:Untitled-1").has_value());
  EXPECT_FALSE(FileFromUri("file://otherhost/x.ocf").has_value());
  EXPECT_EQ(UriFromFile("/home/a b/£.ocf"), "file:///home/a%20b/%C2%A3.ocf");
  EXPECT_EQ(FileFromUri(UriFromFile("/tmp/x y#z.ocf")).value_or("?"), "/tmp/x y#z.ocf");
}

TEST(LspTransport, FramesAndBadHeaders) {
  std::istringstream in(
      "Content-Length: 2\r\n\r\n{}"
      "Content-Type: x\r\n\r\n"            // no length
      "Content-Length: ten\r\n\r\n"        // not a number
      "Content-Length: 5\r\n\r\n12345"     // over the limit below: dropped
      "\r\ncontent-length: 4\r\n\r\nnull"  // a stray blank line, a lowercase name
      "Content-Length: 4\r\n\r\ncut");     // the input ends inside a body
  EXPECT_EQ(ReadFrame(in, 4).body, "{}");
  EXPECT_EQ(ReadFrame(in, 4).kind, Frame::Kind::BadHeader);
  EXPECT_EQ(ReadFrame(in, 4).kind, Frame::Kind::BadHeader);
  EXPECT_EQ(ReadFrame(in, 4).kind, Frame::Kind::TooLarge);
  Frame f = ReadFrame(in, 4);
  EXPECT_EQ(f.kind, Frame::Kind::Message);
  EXPECT_EQ(f.body, "null");
  EXPECT_EQ(ReadFrame(in, 4).kind, Frame::Kind::End);
}

TEST(LspJson, WritesWhatItReads) {
  auto r = ReadJson(R"({"id":12345678901234567890,"s":"£\n\"","a":[true,null,-1.5e3]})");
  ASSERT_TRUE(r.value);
  EXPECT_EQ(Write(*r.value), R"({"id":12345678901234567890,"s":"£\n\"","a":[true,null,-1.5e3]})");
  EXPECT_FALSE(AsInt(*r.value->Find("id")).has_value());  // too large for int64: never wrapped
}

std::string Body(const std::string& json) {
  return "Content-Length: " + std::to_string(json.size()) + "\r\n\r\n" + json;
}

TEST(LspServer, AHandlerThatThrowsIsAnsweredWithInternalError) {
  std::ostringstream out, log;
  Writer writer(out);
  Server server(writer, log, ServerOptions{});
  server.AddRequest("ocf/throws", [](Server&, const Json*) -> Json { throw std::runtime_error("boom"); });
  server.AddRequest("ocf/throwsAnything", [](Server&, const Json*) -> Json { throw 42; });
  EXPECT_FALSE(
      server.Handle(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})"));
  EXPECT_FALSE(server.Handle(R"({"jsonrpc":"2.0","id":2,"method":"ocf/throws"})"));
  EXPECT_FALSE(server.Handle(R"({"jsonrpc":"2.0","id":3,"method":"ocf/throwsAnything"})"));
  EXPECT_FALSE(server.Handle(R"({"jsonrpc":"2.0","id":4,"method":"shutdown"})"));
  const std::string s = out.str();
  EXPECT_NE(
      s.find(R"({"jsonrpc":"2.0","id":2,"error":{"code":-32603,"message":"internal error in ocf: boom"}})"),
      std::string::npos)
      << s;
  EXPECT_NE(s.find(R"({"jsonrpc":"2.0","id":3,"error":{"code":-32603,"message":"internal error in ocf"}})"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find(R"({"jsonrpc":"2.0","id":4,"result":null})"), std::string::npos) << s;
  EXPECT_EQ(server.Handle(R"({"jsonrpc":"2.0","method":"exit"})"), std::optional<int>(0));
}

TEST(LspServer, RunsOverStreamsAndExitsAsLspSays) {
  std::istringstream in(
      Body(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})") +
      Body(R"({"jsonrpc":"2.0","id":2,"method":"shutdown"})") + Body(R"({"jsonrpc":"2.0","method":"exit"})") +
      Body("after exit: never read"));
  std::ostringstream out, log;
  EXPECT_EQ(RunServer(in, out, log), 0);
  EXPECT_NE(out.str().find(R"("positionEncoding":"utf-16")"), std::string::npos) << out.str();
  // The input ends without shutdown: status 1.
  std::istringstream cut(
      Body(R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}})"));
  std::ostringstream out2;
  EXPECT_EQ(RunServer(cut, out2, log), 1);
}

}  // namespace
}  // namespace ocf::lsp
