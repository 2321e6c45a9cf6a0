// Stage 1, orchestration: lex, check nesting, parse declaration by
// declaration, build the AST. See parse.h for the contract.
//
// The pieces:
//   lexing.cc        tokens, and the lexical diagnostics (E0101-E0104)
//   nesting.cc       the depth check that keeps ANTLR's recursion bounded (E0106)
//   syntax_errors.cc friendly syntax errors and recovery (E0105, E0107)
//   ast_builder.cc   parse tree -> ast::File, declarations and types
//   expr_builder.cc  parse tree -> ast::Expr
//   literals.cc      exact values of literals (E0108-E0117)
#include "compiler/parse/parse.h"

#include <pthread.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <exception>

#include <fmt/format.h>

#include "OcfLexer.h"
#include "OcfParser.h"
#include "antlr4-runtime.h"
#include "compiler/parse/ast_builder.h"
#include "compiler/parse/lexing.h"
#include "compiler/parse/nesting.h"
#include "compiler/parse/reporter.h"
#include "compiler/parse/syntax_errors.h"

namespace ocf {
namespace {

using ocf_grammar::OcfLexer;
using ocf_grammar::OcfParser;

// The parser runs on a large stack (RunOnLargeStack). The nesting check
// already bounds its recursion; this is belt and braces against a shape of
// input that check did not foresee.
constexpr size_t kParserStackBytes = size_t{256} << 20;

// The grammar's ERROR_CHAR rule takes any character, so the lexer should never
// fail; if it does, the failure is still a located diagnostic.
class LexerErrorListener : public antlr4::BaseErrorListener {
 public:
  LexerErrorListener(parse::Reporter& reporter, uint32_t source_id)
      : reporter_(reporter), source_id_(source_id) {}
  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token*, size_t, size_t, const std::string&,
                   std::exception_ptr) override {
    uint32_t at = 0;
    if (auto* lexer = dynamic_cast<antlr4::Lexer*>(recognizer)) {
      at = static_cast<uint32_t>(std::min<size_t>(lexer->tokenStartCharIndex, UINT32_MAX));
    }
    reporter_.Report(DiagCode::UnexpectedCharacter, Span{source_id_, at, at + 1}, "unexpected character");
  }

 private:
  parse::Reporter& reporter_;
  uint32_t source_id_;
};

// Everything the parser reports goes through SyntaxErrorStrategy; this keeps
// anything else ANTLR might say off stderr.
class SilentListener : public antlr4::BaseErrorListener {
 public:
  void syntaxError(antlr4::Recognizer*, antlr4::Token*, size_t, size_t, const std::string&,
                   std::exception_ptr) override {}
};

void ParseTokens(const SourceFile& source, uint32_t source_id, const ParseLimits& limits,
                 parse::Reporter& reporter, ast::File& out) {
  parse::SourceInputStream input(source.text());
  OcfLexer lexer(&input);
  LexerErrorListener lexer_errors(reporter, source_id);
  lexer.removeErrorListeners();
  lexer.addErrorListener(&lexer_errors);
  parse::LexedTokens lexed = parse::Lex(lexer, source, source_id, reporter);

  std::vector<size_t> types;
  types.reserve(lexed.tokens.size());
  for (const auto& t : lexed.tokens) {
    if (t->getType() != antlr4::Token::EOF) types.push_back(t->getType());
  }
  if (std::optional<size_t> at = parse::FindTooDeep(types, limits.max_nesting)) {
    reporter
        .Report(DiagCode::TooDeeplyNested, parse::TokenSpan(lexed.tokens[*at].get(), source_id),
                fmt::format("expression nested too deeply: more than {} levels", limits.max_nesting))
        .Help("split it into several `let` values");
    return;  // never hand ANTLR a file it could recurse on without bound
  }

  // Lines where the lexer already reported a mistake (E0101-E0103): the
  // parser stays quiet about what follows from it.
  std::vector<size_t> lexical_error_lines;
  for (const Diagnostic& d : reporter.sink().diagnostics()) {
    if (d.code == DiagCode::InvalidUtf8 || d.code == DiagCode::UnexpectedCharacter ||
        d.code == DiagCode::UnterminatedString) {
      lexical_error_lines.push_back(source.Locate(d.span.begin).line);
    }
  }
  std::sort(lexical_error_lines.begin(), lexical_error_lines.end());

  parse::TokenFlags flags = parse::ComputeFlags(lexed.tokens);
  antlr4::ListTokenSource token_source(std::move(lexed.tokens));
  antlr4::CommonTokenStream stream(&token_source);
  stream.fill();

  OcfParser parser(&stream);
  SilentListener silent;
  parser.removeErrorListeners();
  parser.addErrorListener(&silent);
  auto strategy =
      std::make_shared<parse::SyntaxErrorStrategy>(reporter, source_id, flags, lexed.unterminated_comment);
  strategy->SetLexicalErrorLines(lexical_error_lines);
  parser.setErrorHandler(strategy);
  parse::ItemStartListener items(*strategy);
  parser.addParseListener(&items);

  // Declaration by declaration rather than through the `file` rule: a
  // mistake between declarations then never ends the parse, and each
  // declaration starts with a clean slate for error reporting.
  //
  // Each declaration is parsed in two stages, as ANTLR recommends: first with
  // SLL prediction, which caches every decision (a 200,000-term sum takes
  // milliseconds) and gives up at the first doubt; only if that fails, again
  // with full LL prediction and error recovery. SLL that reaches the next
  // declaration without error has found the same tree LL would.
  //
  // Full LL prediction costs tens of microseconds a token in this grammar. A
  // declaration of more than kLongDeclaration tokens (nobody writes one; a
  // hostile file might) is recovered with SLL prediction too: its errors may
  // be less precise, but it is parsed in linear time.
  constexpr size_t kLongDeclaration = 10000;
  std::vector<size_t> next_sync(flags.sync.size());
  for (size_t i = flags.sync.size(); i-- > 0;) {
    next_sync[i] = flags.sync[i] || i + 1 == flags.sync.size() ? i : next_sync[i + 1];
  }
  auto* simulator = parser.getInterpreter<antlr4::atn::ParserATNSimulator>();
  auto bail = std::make_shared<antlr4::BailErrorStrategy>();
  auto at_declaration_boundary = [&] {
    size_t i = stream.index();
    return stream.LA(1) == antlr4::Token::EOF || (i < flags.sync.size() && flags.sync[i]);
  };
  std::vector<OcfParser::DeclContext*> decls;
  while (stream.LA(1) != antlr4::Token::EOF && !reporter.gave_up()) {
    size_t at = stream.index();
    if (!(at < flags.sync.size() && flags.sync[at])) {
      strategy->SkipStrayTokens(&parser);
      continue;
    }
    OcfParser::DeclContext* decl = nullptr;
    parser.setErrorHandler(bail);
    simulator->setPredictionMode(antlr4::atn::PredictionMode::SLL);
    parser.setState(antlr4::atn::ATNState::INVALID_STATE_NUMBER);
    try {
      decl = parser.decl();
      if (!at_declaration_boundary()) decl = nullptr;
    } catch (const antlr4::ParseCancellationException&) {
      decl = nullptr;
    }
    if (!decl) {
      stream.seek(at);
      parser.setErrorHandler(strategy);
      size_t end = at + 1 < next_sync.size() ? next_sync[at + 1] : at;
      simulator->setPredictionMode(end - at > kLongDeclaration ? antlr4::atn::PredictionMode::SLL
                                                               : antlr4::atn::PredictionMode::LL);
      bool quiet = false;
      for (size_t i = at; i < end && i < stream.size() && !quiet; ++i)
        quiet = strategy->OnLexicalErrorLine(stream.get(i));
      strategy->BeginDeclaration(&parser, quiet);
      parser.setState(antlr4::atn::ATNState::INVALID_STATE_NUMBER);
      decl = parser.decl();
    }
    decls.push_back(decl);
    if (stream.index() == at) stream.consume();  // never loop in place
  }

  parse::AstBuilder builder(source, source_id, reporter, strategy->error_tokens(),
                            std::move(lexed.glued_to_bad_character));
  out = builder.Build(decls);
  parser.removeParseListeners();
}

template <typename F>
bool RunOnThreadWithLargeStack(F& body) {
  pthread_attr_t attr;
  if (pthread_attr_init(&attr) != 0) return false;
  pthread_attr_setstacksize(&attr, kParserStackBytes);
  pthread_t thread;
  int rc = pthread_create(
      &thread, &attr,
      [](void* arg) -> void* {
        (*static_cast<F*>(arg))();
        return nullptr;
      },
      &body);
  pthread_attr_destroy(&attr);
  if (rc != 0) return false;
  pthread_join(thread, nullptr);
  return true;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define OCF_PARSE_ON_THREAD 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define OCF_PARSE_ON_THREAD 1
#endif

// The large stack is a stack of the calling thread's own (makecontext):
// a thread of its own would make the process multi-threaded, and then
// every malloc and free takes its arena's lock and every shared_ptr copy in
// ANTLR's prediction is an atomic operation, for the rest of the process
// (29.6 to 25.2 ms of `ocf check`'s CPU time; bench/README.md). The sanitizers
// do not follow a switch of stacks, so under them it is a thread.
template <typename F>
bool RunOnLargeStack(F& body) {
#ifdef OCF_PARSE_ON_THREAD
  return RunOnThreadWithLargeStack(body);
#else
  void* stack = mmap(nullptr, kParserStackBytes, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) return RunOnThreadWithLargeStack(body);
  // A guard page below it: an overflow is a crash, never a write elsewhere.
  mprotect(stack, static_cast<size_t>(sysconf(_SC_PAGESIZE)), PROT_NONE);
  ucontext_t caller{}, callee{};
  if (getcontext(&callee) != 0) {
    munmap(stack, kParserStackBytes);
    return RunOnThreadWithLargeStack(body);
  }
  callee.uc_stack.ss_sp = stack;
  callee.uc_stack.ss_size = kParserStackBytes;
  callee.uc_link = &caller;
  // makecontext passes ints: the body's address in two halves.
  const auto address = reinterpret_cast<uintptr_t>(&body);
  makecontext(&callee, reinterpret_cast<void (*)()>(+[](unsigned high, unsigned low) {
    (*reinterpret_cast<F*>((uintptr_t{high} << 32) | low))();
  }),
              2, static_cast<unsigned>(address >> 32), static_cast<unsigned>(address & 0xffffffffu));
  const bool ran = swapcontext(&caller, &callee) == 0;
  munmap(stack, kParserStackBytes);
  return ran;
#endif
}

// Diagnostics in file order, with "too many errors" last where it belongs.
DiagnosticSink InFileOrder(const DiagnosticSink& raw) {
  std::vector<Diagnostic> all = raw.diagnostics();
  std::stable_sort(all.begin(), all.end(), [](const Diagnostic& a, const Diagnostic& b) {
    bool a_last = a.code == DiagCode::TooManyErrors, b_last = b.code == DiagCode::TooManyErrors;
    if (a_last != b_last) return b_last;
    return a.span.begin < b.span.begin;
  });
  DiagnosticSink out;
  for (const Diagnostic& d : all) out.Report(d.code, d.span, d.message) = d;
  return out;
}

}  // namespace

ParseResult Parse(const SourceFile& source, uint32_t source_id, const ParseLimits& limits) {
  ParseResult result;
  result.file.source_id = source_id;
  DiagnosticSink raw;
  parse::Reporter reporter(raw, limits.max_errors);
  auto internal_error = [&](const std::string& what) {
    reporter
        .Report(DiagCode::SyntaxError, Span{source_id, 0, 0},
                fmt::format("the parser stopped unexpectedly ({}); this is a bug in ocf", what))
        .Help("please report it together with the file that caused it");
  };
  auto body = [&]() noexcept {
    try {
      parse::ReportInvalidUtf8(source, source_id, reporter);
      ast::File file;
      ParseTokens(source, source_id, limits, reporter, file);
      result.file = std::move(file);
    } catch (const std::exception& e) {
      internal_error(e.what());
    } catch (...) {
      internal_error("unknown exception");
    }
  };
  if (!RunOnLargeStack(body)) body();
  result.file.source_id = source_id;
  result.diagnostics = InFileOrder(raw);
  return result;
}

}  // namespace ocf
