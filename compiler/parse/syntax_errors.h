// Syntax errors: ANTLR's error strategy with messages a policy author can read
// and recovery that gives one error per mistake.
//
// Messages read "unexpected `foo`; expected `=`": the expected tokens named as
// a person would (`a name`, `a number`, `a text in quotes`, `a value`, `end of
// file`), at most four of them, otherwise just "unexpected `foo` here". Common
// mistakes get a help line.
//
// Recovery: after an error nothing more is reported until the parser starts a
// new declaration, or a new item of a block (a column, a payment line, a test
// step) on a later line. Tokens are skipped to the next declaration keyword or
// to a token that starts a line and can follow what failed. After
// ParseLimits::max_errors errors the rest of the file is skipped.
#pragma once

#include <string>
#include <vector>

#include "antlr4-runtime.h"
#include "compiler/parse/lexing.h"
#include "compiler/parse/reporter.h"

namespace ocf::parse {

class SyntaxErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  SyntaxErrorStrategy(Reporter& reporter, uint32_t source_id, const TokenFlags& flags,
                      bool unterminated_comment)
      : reporter_(reporter),
        source_id_(source_id),
        flags_(flags),
        unterminated_comment_(unterminated_comment) {}

  // A new top-level declaration starts: errors may be reported again, unless
  // `quiet`: the declaration holds a lexical error already reported (an
  // unclosed text, a stray character), and what the parser would add about
  // it only repeats that one mistake.
  void BeginDeclaration(antlr4::Parser* parser, bool quiet = false);
  // Lines holding a lexical error: syntax errors on them are not reported.
  void SetLexicalErrorLines(std::vector<size_t> lines) { lexical_error_lines_ = std::move(lines); }
  bool OnLexicalErrorLine(const antlr4::Token* t) const;
  // A block item starts at token `index`.
  void BeginItem(size_t index);
  // LT(1) cannot start a declaration: report it (unless still recovering) and
  // skip to the next declaration keyword.
  void SkipStrayTokens(antlr4::Parser* parser);
  // Token indexes at which a syntax error was reported.
  const std::vector<size_t>& error_tokens() const { return error_tokens_; }

  void recover(antlr4::Parser* parser, std::exception_ptr e) override;
  // ANTLR's sync with two changes: an optional part that does not fit is
  // left to match() (which can then insert a missing `{`), and skipping after
  // an unwanted token in a loop stops where recover() would.
  void sync(antlr4::Parser* parser) override;

 protected:
  void reportNoViableAlternative(antlr4::Parser* parser, const antlr4::NoViableAltException& e) override;
  void reportInputMismatch(antlr4::Parser* parser, const antlr4::InputMismatchException& e) override;
  void reportFailedPredicate(antlr4::Parser* parser, const antlr4::FailedPredicateException& e) override;
  void reportUnwantedToken(antlr4::Parser* parser) override;
  void reportMissingToken(antlr4::Parser* parser) override;
  // ANTLR drops one unexpected token when the next one fits. Never drop the
  // first token of a line: there the line before is what is incomplete, and
  // dropping `pay` or `let` would glue two lines into one wrong expression.
  antlr4::Token* singleTokenDeletion(antlr4::Parser* parser) override;

 private:
  // Skips tokens up to a declaration keyword, a token in `resume_anywhere`,
  // or a token in `resume_at_line_start` that starts a line.
  void SkipTo(antlr4::Parser* parser, const antlr4::misc::IntervalSet& resume_anywhere,
              const antlr4::misc::IntervalSet& resume_at_line_start);
  // Reports `offending`, listing `expected` when it is short enough to help.
  void Emit(antlr4::Parser* parser, antlr4::Token* offending, const antlr4::misc::IntervalSet* expected);

  Reporter& reporter_;
  uint32_t source_id_;
  const TokenFlags& flags_;
  bool unterminated_comment_;
  bool suppressed_ = false;
  bool quiet_ = false;
  std::vector<size_t> lexical_error_lines_;  // sorted
  size_t last_error_token_ = 0;
  std::vector<size_t> error_tokens_;
};

// Tells the strategy when block items start (ANTLR announces rule entries to
// parse listeners only).
class ItemStartListener : public antlr4::tree::ParseTreeListener {
 public:
  explicit ItemStartListener(SyntaxErrorStrategy& strategy) : strategy_(strategy) {}
  void enterEveryRule(antlr4::ParserRuleContext* ctx) override;
  void visitTerminal(antlr4::tree::TerminalNode*) override {}
  void visitErrorNode(antlr4::tree::ErrorNode*) override {}
  void exitEveryRule(antlr4::ParserRuleContext*) override {}

 private:
  SyntaxErrorStrategy& strategy_;
};

}  // namespace ocf::parse
