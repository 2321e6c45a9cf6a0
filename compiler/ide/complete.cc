// Completion. The text being typed rarely parses, so the place is read from
// the tokens before the cursor (the word before it, the `of TABLE` of the
// same declaration, the block it is in); the names come from the index,
// which holds whatever did parse.
#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>

#include <fmt/format.h>

#include "compiler/ide/index.h"
#include "compiler/ide/text.h"
#include "compiler/parse/parse.h"
#include "compiler/parse/token_stream.h"

namespace ocf::ide {
namespace {

namespace fs = std::filesystem;

const std::set<std::string>& DeclKeywords() {
  static const std::set<std::string> k = {"contract", "import",   "data",    "population", "let",
                                          "input",    "function", "measure", "target",     "outcome",
                                          "payment",  "test",     "type",    "gate"};
  return k;
}

bool IsIdent(const std::string& n) {
  if (n.empty() || !(std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_')) return false;
  return std::all_of(n.begin(), n.end(),
                     [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
}

// A stdlib function: what completion offers when its module is not imported.
struct LibFunction {
  std::string name, signature, doc, module;
};

std::vector<LibFunction> LoadStdlib(const std::string& dir) {
  static std::mutex mu;
  static std::map<std::string, std::vector<LibFunction>> cache;
  std::lock_guard<std::mutex> lock(mu);
  auto it = cache.find(dir);
  if (it != cache.end()) return it->second;
  std::vector<LibFunction> out;
  std::error_code ec;
  if (!dir.empty() && fs::is_directory(dir, ec)) {
    std::vector<fs::path> files;
    for (auto i = fs::recursive_directory_iterator(dir, ec); !ec && i != fs::recursive_directory_iterator();
         i.increment(ec))
      if (i->path().extension() == ".ocf") files.push_back(i->path());
    std::sort(files.begin(), files.end());
    for (const fs::path& p : files) {
      std::string bytes;
      {
        FILE* f = fopen(p.c_str(), "rb");
        if (!f) continue;
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, f)) > 0 && bytes.size() < (4u << 20)) bytes.append(buf, n);
        fclose(f);
      }
      SourceFile src(p.string(), bytes);
      ParseResult parsed = Parse(src, 0);
      std::string module = p.lexically_relative(dir).replace_extension().generic_string();
      for (const ast::DeclPtr& d : parsed.file.decls) {
        if (!d || d->kind != ast::DeclKind::Function) continue;
        const auto& fn = static_cast<const ast::FunctionDecl&>(*d);
        std::string sig = "(";
        for (size_t i = 0; i < fn.params.size(); ++i)
          sig += (i ? ", " : "") + fn.params[i].name.text + ": " + WriteType(fn.params[i].type);
        sig += ")";
        if (fn.result) sig += " : " + WriteType(*fn.result);
        out.push_back(LibFunction{fn.name.text, sig, DocCommentAbove(src, d->span.begin), module});
      }
    }
  }
  cache[dir] = out;
  return out;
}

struct Place {
  std::vector<LexToken> before;     // tokens wholly before the cursor (the word being typed left out)
  std::string decl;                 // the declaration keyword the cursor is in ("" at the top)
  size_t decl_start = 0;            // index into `before` of that keyword
  std::vector<std::string> blocks;  // `{` blocks open at the cursor: the keyword that opened each
  bool line_start = false;          // nothing but the word being typed before the cursor on its line
};

class Completer {
 public:
  Completer(const Analysis& a, uint32_t offset) : a_(a), ix_(a.index()), offset_(offset) {}

  std::vector<Completion> Run() {
    const SourceFile& doc = a_.document();
    if (offset_ > doc.size_in_code_points()) offset_ = doc.size_in_code_points();
    const std::vector<LexToken>& tokens = ix_.DocumentTokens(doc);
    for (Span c : Comments(tokens))
      if (c.begin < offset_ && offset_ <= c.end) return {};
    Place p;
    for (const LexToken& t : tokens) {
      if (t.is_comment()) continue;
      if (t.span.begin >= offset_) {
        after_.push_back(t);
        continue;
      }
      // Inside a text or a table row: nothing to offer. A table row and a
      // text left open run to the end of their line, so their end is inside.
      bool open_ended = t.cls == TokenClass::TableRow || IsUnterminatedText(t);
      if ((t.cls == TokenClass::Text || open_ended) &&
          (offset_ < t.span.end || (open_ended && offset_ == t.span.end)))
        return {};
      if (t.span.end == offset_ && (t.cls == TokenClass::Name || t.cls == TokenClass::SoftKeyword ||
                                    t.cls == TokenClass::HardKeyword)) {
        continue;  // the word being typed
      }
      if (t.span.end <= offset_) p.before.push_back(t);
    }
    // The line the cursor is on holds nothing before it but the word typed?
    LineCol cursor = doc.Locate(offset_);
    p.line_start = p.before.empty() || doc.Locate(p.before.back().span.begin).line < cursor.line;
    Scan(p);
    if (!p.decl.empty() && p.decl_start < p.before.size()) decl_begin_ = p.before[p.decl_start].span.begin;
    Decide(p);
    // One entry per label and kind.
    std::vector<Completion> out;
    std::set<std::pair<std::string, int>> seen;
    for (Completion& c : items_)
      if (seen.insert({c.label, static_cast<int>(c.kind)}).second) out.push_back(std::move(c));
    return out;
  }

 private:
  // Which declaration and blocks the cursor is in.
  void Scan(Place& p) {
    int depth = 0;
    for (size_t i = 0; i < p.before.size(); ++i) {
      const LexToken& t = p.before[i];
      bool at_line_start = i == 0 || a_.document().Locate(p.before[i - 1].span.begin).line <
                                         a_.document().Locate(t.span.begin).line;
      // Soft keywords (`type`, `gate`, `population`) start a declaration only
      // at the start of a line; elsewhere they are names.
      bool decl_word = DeclKeywords().count(t.text) && (t.cls == TokenClass::HardKeyword ||
                                                        (t.cls == TokenClass::SoftKeyword && at_line_start));
      if (decl_word && t.cls == TokenClass::HardKeyword && at_line_start && t.text != "let" && depth > 0) {
        // A block left open above (the text being typed): a declaration
        // keyword at the start of a line ends it, as the parser's recovery does.
        depth = 0;
        p.blocks.clear();
      }
      if (depth == 0 && decl_word && !(t.text == "let" && !p.blocks.empty())) {
        p.decl = t.text;
        p.decl_start = i;
        p.blocks.clear();
      }
      if (t.text == "{") {
        p.blocks.push_back(depth == 0 ? p.decl : PrevWord(p.before, i));
        ++depth;
      } else if (t.text == "}") {
        if (depth > 0) --depth;
        if (!p.blocks.empty()) p.blocks.pop_back();
      }
    }
  }

  static std::string PrevWord(const std::vector<LexToken>& v, size_t i) {
    for (size_t k = i; k-- > 0;)
      if (v[k].cls == TokenClass::HardKeyword || v[k].cls == TokenClass::SoftKeyword) return v[k].text;
    return "";
  }

  const LexToken* Back(const Place& p, size_t n) const {
    return p.before.size() > n ? &p.before[p.before.size() - 1 - n] : nullptr;
  }
  bool BackIs(const Place& p, size_t n, const char* text) const {
    const LexToken* t = Back(p, n);
    return t && t->text == text;
  }

  void Decide(Place& p) {
    const LexToken* last = Back(p, 0);
    std::string block = p.blocks.empty() ? "" : p.blocks.back();
    bool in_decl_block = !p.blocks.empty() && p.blocks.size() == 1;

    // At the start of a line: what may start a declaration or a block item.
    if (p.line_start && (p.blocks.empty() || in_decl_block)) {
      if (p.blocks.empty()) {
        DeclarationKeywords();
        // A line that continues an expression (`=` at the end of the last)
        // falls through to the expression below.
        if (!last || !(last->cls == TokenClass::Operator || last->text == "where" || last->text == "and" ||
                       last->text == "or" || last->text == "(" || last->text == ","))
          return;
      } else if (block == "data") {
        Keywords({"check", "date_format"});
        return;
      } else if (block == "payment") {
        Keywords({"let", "pay", "shadow"});
        if (!last || last->cls != TokenClass::Operator) return;
      } else if (block == "test") {
        Keywords({"given", "set", "expect"});
        return;
      } else if (block == "contract") {
        Keywords({"commissioner", "provider", "term", "baseline", "periods", "currency"});
        return;
      } else if (block == "outcome") {
        Globals({SymKind::Measure});
        return;
      }
    }
    if (!last) return;
    const std::string& w = last->text;

    if (w == "import") return Modules();
    if (w == "of" && BackIs(p, 1, "achievement")) return Globals({SymKind::Outcome});
    if (w == "of" || w == "count" || w == "exists") {
      Globals({SymKind::Dataset, SymKind::Population});
      if (w == "count") Keywords({"distinct"});
      return;
    }
    if (w == "percent" && !BackIs(p, 1, ":")) return Keywords({"of"});  // not the type `percent`
    if (w == "=" && p.decl == "population" && p.before.size() - p.decl_start == 3)
      return Globals({SymKind::Dataset, SymKind::Population});
    if (w == "target" || (w == "expect" && block == "test")) {
      Globals({SymKind::Measure});
      if (w == "expect") Keywords({"achievement", "payment"});
      return;
    }
    if (w == "given" && block == "test") return Globals({SymKind::Dataset});
    if (w == "set" && block == "test") return Globals({SymKind::Input, SymKind::Let});
    if (w == ":") return Types();
    if (w == "by" && BackIs(p, 1, "dated") && p.decl == "data") return ColumnsOf(DeclNameAfter(p));
    if (w == "by" && p.decl == "measure") return ColumnsOf(TableOfDecl(p, true));
    if (w == "on" && Back(p, 1)) {
      // `exists U [as A] on K`: the key is a column of both tables.
      size_t j = p.before.size() - 2;
      if (j >= 2 && p.before[j - 1].text == "as") j -= 2;
      ColumnsOf(p.before[j].text);
      return ColumnsOf(RowTable(p));
    }
    if (w == "periods") return Keywords({"monthly", "quarterly", "yearly"});
    if (w == "payment" && p.decl == "payment" && p.before.size() - 1 == p.decl_start)
      return Keywords({"monthly", "quarterly", "yearly"});

    // Enumeration values after `=` / `!=` / `in (` / `,` in an `in` list.
    if (const ast::TypeExpr* e = EnumBefore(p)) {
      for (const ast::Ident& v : e->enum_values) {
        Completion c;
        c.label = v.text;
        c.kind = CompletionKind::EnumValue;
        c.detail = WriteType(*e);
        if (!IsIdent(v.text) || IsHardKeyword(v.text)) c.insert_text = "\"" + v.text + "\"";
        items_.push_back(std::move(c));
      }
      return;
    }
    Expression(p);
  }

  // The name right after the declaration's keyword.
  std::string DeclNameAfter(const Place& p) const {
    return p.decl_start + 1 < p.before.size() ? p.before[p.decl_start + 1].text : "";
  }

  // The table whose columns are in view at the cursor: the name before the
  // nearest `where` of the declaration (`of T where`, `count T where`,
  // `population P = T where`), else the `of T` after the cursor (`sum |
  // of T`), else in a data block its own table.
  std::string RowTable(const Place& p) const {
    int depth = 0;
    for (size_t i = p.before.size(); i-- > p.decl_start;) {
      const std::string& t = p.before[i].text;
      if (t == ")")
        ++depth;
      else if (t == "(")
        depth = std::max(0, depth - 1);
      if (depth > 0) continue;
      if (t == "where" && i > 0) {
        // `exists U on K where C`: U's columns; `of T where`: T's.
        for (size_t k = i; k-- > p.decl_start;) {
          const std::string& u = p.before[k].text;
          if (u == "on" && k > 0) {
            size_t j = k - 1;
            if (j >= 2 && p.before[j - 1].text == "as") j -= 2;
            return p.before[j].text;
          }
          if (u == "of" || u == "count" || u == "exists" || u == "=" || u == "where" || u == "(" || u == ")")
            break;
        }
        return p.before[i - 1].text;
      }
      if (t == "check" && p.decl == "data") return DeclNameAfter(p);
      if (t == "sum" || t == "mean" || t == "median" || t == "min" || t == "max" || t == "distinct" ||
          t == "percentile") {
        // The value of an aggregate: its table follows.
        int d = 0;
        for (size_t k = 0; k + 1 < after_.size(); ++k) {
          if (after_[k].text == "(") ++d;
          if (after_[k].text == ")") --d;
          if (d < 0) break;
          if (d == 0 && after_[k].text == "of") return after_[k + 1].text;
          if (after_[k].cls == TokenClass::HardKeyword && DeclKeywords().count(after_[k].text)) break;
        }
        return "";
      }
      if (i == p.decl_start) break;
    }
    return "";
  }

  // The table of a measure, for `by` and link keys: the first `of T` or
  // `count T` in its declaration, before or after the cursor.
  std::string TableOfDecl(const Place& p, bool look_after) const {
    for (size_t i = p.decl_start; i + 1 < p.before.size(); ++i)
      if (p.before[i].text == "of" || p.before[i].text == "count") return p.before[i + 1].text;
    if (look_after)
      for (size_t k = 0; k + 1 < after_.size(); ++k) {
        if (after_[k].cls == TokenClass::HardKeyword && DeclKeywords().count(after_[k].text)) break;
        if (after_[k].text == "of" || after_[k].text == "count") return after_[k + 1].text;
      }
    return "";
  }

  const ast::DataDecl* Table(const std::string& name) const {
    std::string n = name;
    for (int depth = 0; depth < 64; ++depth) {
      auto it = ix_.globals.find(n);
      if (it == ix_.globals.end()) return nullptr;
      const IndexSymbol& s = ix_.symbols[it->second];
      if (s.kind == SymKind::Dataset) return static_cast<const ast::DataDecl*>(s.decl);
      if (s.kind != SymKind::Population) return nullptr;
      n = static_cast<const ast::PopulationDecl*>(s.decl)->source.text;
    }
    return nullptr;
  }

  void ColumnsOf(const std::string& table_name) {
    const ast::DataDecl* t = Table(table_name);
    if (!t) return;
    for (const ast::ColumnDecl& col : t->columns) {
      Completion c;
      c.label = col.name.text;
      c.kind = CompletionKind::Column;
      c.detail = WriteType(col.type);
      c.documentation = fmt::format("column of `{}`", t->name.text);
      items_.push_back(std::move(c));
    }
  }

  const ast::TypeExpr* EnumOfType(const ast::TypeExpr* t) const {
    if (!t) return nullptr;
    if (t->named) {
      auto it = ix_.globals.find(t->named->text);
      if (it == ix_.globals.end() || ix_.symbols[it->second].kind != SymKind::Type) return nullptr;
      t = &static_cast<const ast::TypeDecl*>(ix_.symbols[it->second].decl)->type;
    }
    return t->base == ast::BaseType::Enum ? t : nullptr;
  }

  // The enumeration of the name before `=`, `!=`, `in (` or a comma of an
  // `in` list, if it has one.
  const ast::TypeExpr* EnumBefore(const Place& p) const {
    size_t n = p.before.size();
    if (n < 2) return nullptr;
    size_t name_at;
    const std::string& w = p.before[n - 1].text;
    if (w == "=" || w == "!=") {
      name_at = n - 2;
    } else if (w == "(" || w == ",") {
      // Back over the list to `in (`.
      size_t k = n - 1;
      while (k > 0 && p.before[k].text != "(") --k;
      if (k < 2 || p.before[k - 1].text != "in") return nullptr;
      name_at = k - 2;
      if (p.before[name_at].text == "not" && name_at > 0) --name_at;
    } else {
      return nullptr;
    }
    const LexToken& name = p.before[name_at];
    if (name.cls != TokenClass::Name && name.cls != TokenClass::SoftKeyword) return nullptr;
    // A column of the table in view, else a global with a declared type.
    if (const ast::DataDecl* t = Table(RowTable(p)))
      for (const ast::ColumnDecl& c : t->columns)
        if (c.name.text == name.text) return EnumOfType(&c.type);
    // What the index says the name is, where it parsed.
    if (const Occurrence* o = ix_.At(0, name.span.begin)) {
      const IndexSymbol& s = ix_.symbols[o->symbol];
      if (s.column) return EnumOfType(&s.column->type);
      if (s.param) return EnumOfType(&s.param->type);
    }
    auto it = ix_.globals.find(name.text);
    if (it != ix_.globals.end()) {
      const IndexSymbol& s = ix_.symbols[it->second];
      if (s.kind == SymKind::Input) return EnumOfType(&static_cast<const ast::InputDecl*>(s.decl)->type);
      if (s.kind == SymKind::Measure && static_cast<const ast::MeasureDecl*>(s.decl)->declared_type)
        return EnumOfType(&*static_cast<const ast::MeasureDecl*>(s.decl)->declared_type);
    }
    return nullptr;
  }

  void Keywords(std::initializer_list<const char*> words) {
    for (const char* w : words) {
      Completion c;
      c.label = w;
      c.kind = CompletionKind::Keyword;
      items_.push_back(std::move(c));
    }
  }

  void Snippet(const char* label, const char* body, const char* detail) {
    Completion c;
    c.label = label;
    c.kind = CompletionKind::Snippet;
    c.detail = detail;
    c.insert_text = body;
    c.snippet = true;
    items_.push_back(std::move(c));
  }

  void DeclarationKeywords() {
    Keywords({"contract", "import", "data", "population", "let", "input", "function", "measure", "target",
              "outcome", "payment", "test", "type", "gate"});
    Snippet("measure = percent of",
            "measure ${1:name} \"${2:Title}\" =\n  percent of ${3:table} where ${4:condition}",
            "a measure: the share of records that meet a condition");
    Snippet("data {}",
            "data ${1:name} \"${2:Title}\" dated by ${3:date_column} {\n  ${3:date_column} : date\n  $0\n}",
            "a dataset the provider submits");
    Snippet("target at least", "target ${1:measure} at least ${2:90%}", "a target on a measure");
    Snippet("outcome {}", "outcome ${1:name} \"${2:Title}\" weight ${3:100%} {\n  ${4:measure}\n}",
            "an outcome: measures weighted into an achievement");
    Snippet("payment {}", "payment ${1|yearly,quarterly,monthly|} {\n  pay \"${2:Line}\" = $0\n}",
            "a payment block");
    Snippet("test {}", "test \"${1:name}\" {\n  $0\n}", "a worked example");
  }

  void Modules() {
    std::error_code ec;
    std::string dir = ix_.stdlib_dir;
    std::set<std::string> mods;
    for (const LibFunction& f : LoadStdlib(dir)) mods.insert(f.module);
    if (!dir.empty() && fs::is_directory(dir, ec))
      for (auto i = fs::recursive_directory_iterator(dir, ec); !ec && i != fs::recursive_directory_iterator();
           i.increment(ec))
        if (i->path().extension() == ".ocf")
          mods.insert(i->path().lexically_relative(dir).replace_extension().generic_string());
    for (const std::string& m : mods) {
      Completion c;
      c.label = "\"" + m + "\"";
      c.kind = CompletionKind::Dataset;
      c.detail = "standard library module";
      items_.push_back(std::move(c));
    }
  }

  void Types() {
    Keywords({"int", "decimal", "percent", "money", "bool", "date", "duration", "text", "id"});
    Snippet("one of (...)", "one of (${1:a}, ${2:b})", "an enumeration");
    Globals({SymKind::Type});
  }

  void Add(uint32_t id) {
    const IndexSymbol& s = ix_.symbols[id];
    Completion c;
    c.label = s.name;
    switch (s.kind) {
      case SymKind::Dataset:
      case SymKind::Population:
        c.kind = CompletionKind::Dataset;
        break;
      case SymKind::Column:
        c.kind = CompletionKind::Column;
        break;
      case SymKind::Function:
        c.kind = CompletionKind::Function;
        break;
      case SymKind::EnumValue:
        c.kind = CompletionKind::EnumValue;
        break;
      case SymKind::Measure:
      case SymKind::Outcome:
      case SymKind::Gate:
      case SymKind::Type:
        c.kind = CompletionKind::Declaration;
        break;
      default:
        c.kind = CompletionKind::Variable;
        break;
    }
    c.detail = s.type;
    c.documentation = DescribeSymbol(a_, id);
    items_.push_back(std::move(c));
  }

  void Globals(std::initializer_list<SymKind> kinds) {
    for (const auto& [name, id] : ix_.globals) {
      const IndexSymbol& s = ix_.symbols[id];
      // Not the declaration being written (`measure m = ... m`).
      if (s.def && s.def->file == 0 && s.def->begin >= decl_begin_ && s.def->begin < offset_) continue;
      if (std::find(kinds.begin(), kinds.end(), s.kind) != kinds.end()) Add(id);
    }
  }

  // Anywhere a value may be written.
  void Expression(const Place& p) {
    ColumnsOf(RowTable(p));
    // Locals of the declaration the cursor is in (where it parsed).
    const driver::Compilation& c = a_.compilation();
    if (!c.files.empty() && c.files[0]) {
      for (const ast::DeclPtr& d : c.files[0]->decls) {
        if (!d || d->span.file != 0 || offset_ < d->span.begin || offset_ > d->span.end + 1) continue;
        if (d->kind == ast::DeclKind::Function)
          for (const ast::Param& prm : static_cast<const ast::FunctionDecl&>(*d).params) {
            Completion k;
            k.label = prm.name.text;
            k.kind = CompletionKind::Variable;
            k.detail = WriteType(prm.type);
            k.documentation = "parameter";
            items_.push_back(std::move(k));
          }
        if (d->kind == ast::DeclKind::Payment) {
          const auto& pay = static_cast<const ast::PaymentDecl&>(*d);
          if (pay.by) {
            Completion k;
            k.label = pay.by->text;
            k.kind = CompletionKind::Variable;
            k.documentation = "the group's value";
            items_.push_back(std::move(k));
          }
          for (const ast::PaymentItem& item : pay.items)
            if (item.is_let && item.span.end <= offset_) {
              Completion k;
              k.label = item.name.text;
              k.kind = CompletionKind::Variable;
              k.documentation = "let of this payment block";
              items_.push_back(std::move(k));
            }
        }
      }
    }
    // A function, a check rule and a population see no measures (the checker
    // says so); elsewhere every top-level value is in scope.
    if (p.decl == "function" || p.decl == "data" || p.decl == "population")
      Globals({SymKind::Let, SymKind::Input, SymKind::Function});
    else
      Globals({SymKind::Measure, SymKind::Let, SymKind::Input, SymKind::Function, SymKind::Gate});
    for (const char* b : {"contract_year", "period_start", "period_end", "period_days", "window_days"}) {
      Completion k;
      k.label = b;
      k.kind = CompletionKind::Variable;
      k.detail = std::string(b) == "period_start" || std::string(b) == "period_end" ? "date" : "int";
      k.documentation = "built in";
      items_.push_back(std::move(k));
    }
    for (const char* f : {"min(a, b)", "max(a, b)", "clamp(x, low, high)", "abs(x)", "round(x, places)",
                          "days(duration)", "year(date)", "month(date)", "day(date)"}) {
      std::string sig = f;
      Completion k;
      k.label = sig.substr(0, sig.find('('));
      k.kind = CompletionKind::Function;
      k.detail = sig;
      k.documentation = "built in";
      k.insert_text = k.label + "($1)";
      k.snippet = true;
      items_.push_back(std::move(k));
    }
    // Functions of the standard library that are not imported yet.
    std::set<std::string> have;
    for (const auto& [name, id] : ix_.globals) have.insert(name);
    for (const LibFunction& f : LoadStdlib(ix_.stdlib_dir)) {
      if (have.count(f.name)) continue;
      Completion k;
      k.label = f.name;
      k.kind = CompletionKind::Function;
      k.detail = f.signature + "  (import \"" + f.module + "\")";
      k.documentation = (f.doc.empty() ? "" : f.doc + "\n\n") + "needs `import \"" + f.module + "\"`";
      items_.push_back(std::move(k));
    }
    Keywords({"count",  "percent", "sum",     "mean",    "median", "min",       "max",
              "if",     "then",    "else",    "match",   "exists", "not",       "and",
              "or",     "is",      "missing", "present", "in",     "otherwise", "achievement",
              "tiered", "paid",    "true",    "false",   "as",     "where",     "of"});
  }

  const Analysis& a_;
  const Analysis::Index& ix_;
  uint32_t offset_;
  std::vector<LexToken> after_;
  std::vector<Completion> items_;
  uint32_t decl_begin_ = UINT32_MAX;  // where the declaration holding the cursor starts
};

}  // namespace

std::vector<Completion> CompleteAt(const Analysis& a, uint32_t offset) { return Completer(a, offset).Run(); }

}  // namespace ocf::ide
