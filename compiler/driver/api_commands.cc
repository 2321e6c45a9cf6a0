// The public C++ API's commands (ocf::Check, ocf::Run, ocf::Test in
// include/ocf/ocf.hpp): the command line's own functions (commands.h) with
// the outputs captured, so that the API and `ocf` give the same bytes.
#include <sstream>

#include "compiler/driver/api_impl.h"
#include "compiler/driver/internal_error.h"
#include "runtime/statement.h"

namespace ocf {
namespace {

using Impl = CommandResult::Impl;

driver::CommandArgs ToArgs(const std::string& path, const Options& options, Impl::Kind kind) {
  driver::CommandArgs args;
  args.files = {path};
  args.stdlib = options.stdlib_dir;
  args.data = options.data;
  for (const auto& [name, value] : options.sets) args.sets.push_back(name + "=" + value);
  args.period = options.period;
  switch (options.engine) {
    case Engine::Default:
      break;
    case Engine::Auto:
      args.engine = kind == Impl::Kind::Test ? "" : "auto";  // `ocf test` has no auto: its default
      break;
    case Engine::Jit:
      args.engine = "jit";
      break;
    case Engine::Interp:
      args.engine = "interp";
      break;
  }
  args.threads = options.threads;
  args.strict = options.strict;
  return args;
}

PaymentStatement::Value ToPublic(const StatementValue& v) { return {v.value, v.numerator, v.denominator}; }

PaymentStatement::Target ToPublic(const TargetResult& t) {
  PaymentStatement::Target out{t.measure, t.description, {}};
  for (const auto& [label, r] : t.periods) out.periods[label] = {r.achievement.ToString(), r.status};
  return out;
}

PaymentStatement::Outcome ToPublic(const OutcomeResult& o) {
  PaymentStatement::Outcome out{o.name, o.title, {}};
  for (const auto& [label, a] : o.periods) out.periods[label] = a.ToString();
  return out;
}

PaymentStatement::Gate ToPublic(const GateResult& g) { return {g.name, g.title, g.periods}; }

// Runs a command, turning whatever escapes it (a bug in ocf) into status 1
// and a message, as the command line does.
std::unique_ptr<Impl> Guarded(Impl::Kind kind, driver::CommandArgs args,
                              const std::function<void(Impl&, std::ostream& err)>& command) {
  auto impl = std::make_unique<Impl>();
  impl->kind = kind;
  impl->args = std::move(args);
  impl->none.emplace(MakePublicCompilation(std::make_unique<driver::Compilation>()));
  std::ostringstream err;
  const char* who = kind == Impl::Kind::Check ? "ocf check"
                    : kind == Impl::Kind::Run ? "ocf run"
                                              : "ocf test";
  bool done = false;
  impl->status = driver::ReportInternalErrors(who, err, [&] {
    command(*impl, err);
    done = true;
    return impl->status;
  });
  if (!done) {
    // What was found is not to be trusted: only the error is kept.
    impl->check = {};
    impl->run = {};
    impl->test = {};
    impl->tests.clear();
    impl->outputs["json"] = driver::ErrorJson(std::string(who) + ": internal error in ocf", false);
  }
  impl->messages = err.str();
  return impl;
}

}  // namespace

PaymentStatement ToPublic(const Statement& s) {
  PaymentStatement out;
  out.contract = s.contract;
  out.commissioner = s.commissioner;
  out.currency = s.currency;
  out.providers = s.providers;
  out.term_start = s.term_start.ToString();
  out.term_end = s.term_end.ToString();
  for (const Period& p : s.periods) out.periods.push_back({p.label, p.start.ToString(), p.end.ToString()});
  for (const MeasureResult& m : s.measures) {
    PaymentStatement::Measure& pm = out.measures.emplace_back();
    pm.name = m.name;
    pm.title = m.title;
    pm.type = m.type;
    for (const auto& [label, v] : m.values) pm.values[label] = ToPublic(v);
    if (!m.has_groups) continue;
    for (size_t g = 0; g < m.groups.size(); ++g) {
      auto& periods = pm.groups[std::string(m.groups.name(g))];
      for (size_t v = m.groups.begin(g); v < m.groups.end(g); ++v)
        periods[s.periods[m.groups.period(v)].label] = ToPublic(m.groups.value(v));
    }
  }
  for (const TargetResult& t : s.targets) out.targets.push_back(ToPublic(t));
  for (const OutcomeResult& o : s.outcomes) out.outcomes.push_back(ToPublic(o));
  if (s.has_achievement) {
    out.achievement.emplace();
    for (const auto& [label, a] : s.achievement) (*out.achievement)[label] = a.ToString();
  }
  for (const PaymentPeriod& p : s.payments) {
    PaymentStatement::Payment& pp = out.payments.emplace_back();
    pp.period = p.label;
    pp.total = p.total.ToString(2);
    for (const PaymentLine& l : p.lines)
      pp.lines.push_back({l.name, l.amount.ToString(2), l.shadow, l.group});
  }
  for (const GateResult& g : s.gates) out.gates.push_back(ToPublic(g));
  for (const GroupResult& g : s.groups) {
    PaymentStatement::Group& pg = out.groups.emplace_back();
    pg.column = g.column;
    pg.name = g.name;
    for (const TargetResult& t : g.targets) pg.targets.push_back(ToPublic(t));
    for (const OutcomeResult& o : g.outcomes) pg.outcomes.push_back(ToPublic(o));
    for (const auto& [label, a] : g.achievement) pg.achievement[label] = a.ToString();
    for (const GateResult& gate : g.gates) pg.gates.push_back(ToPublic(gate));
  }
  for (const DataSummary& d : s.data)
    out.data.push_back({d.name, d.rows, d.outside_term, d.baseline, d.skipped_missing});
  return out;
}

CommandResult::CommandResult(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CommandResult::CommandResult(CommandResult&&) noexcept = default;
CommandResult& CommandResult::operator=(CommandResult&&) noexcept = default;
CommandResult::~CommandResult() = default;

int CommandResult::status() const { return impl_->status; }
const std::string& CommandResult::messages() const { return impl_->messages; }
const std::vector<TestCase>& CommandResult::tests() const { return impl_->tests; }

const Compilation& CommandResult::compilation() const {
  const Impl& i = *impl_;
  const std::optional<Compilation>* c = &i.none;
  if (i.kind == Impl::Kind::Check && !i.check.files.empty()) c = &i.check.files.front().compilation;
  if (i.kind == Impl::Kind::Run && i.run.compilation) c = &i.run.compilation;
  if (i.kind == Impl::Kind::Test && !i.test.files.empty()) c = &i.test.files.front().compilation;
  return *c ? **c : *i.none;
}

std::optional<std::string> CommandResult::Output(std::string_view format) const {
  const Impl& i = *impl_;
  std::lock_guard<std::mutex> lock(i.mutex);
  std::string key(format);
  if (auto it = i.outputs.find(key); it != i.outputs.end()) return it->second;
  std::optional<std::string> out;
  switch (i.kind) {
    case Impl::Kind::Check:
      if (key == "json") out = driver::CheckJson(i.check, i.args);
      break;  // "text" is rendered with the messages
    case Impl::Kind::Run:
      if (key != "json" && key != "table" && key != "csv" && key != "html") break;
      if (!i.run.statement) {
        if (key == "json") out = driver::RunFailureJson(i.run);
        break;
      }
      out.emplace();
      driver::WriteStatement(i.run, key, [&out](std::string_view piece) { out->append(piece); });
      break;
    case Impl::Kind::Test:
      if (!i.test.usage_error.empty()) {
        if (key == "json") out = driver::ErrorJson(i.test.usage_error);
      } else if (key == "json") {
        out = driver::TestJson(i.test);
      } else if (key == "junit") {
        out = driver::TestJunit(i.test);
      } else if (key == "text") {
        out = driver::TestText(i.test);
      }
      break;
  }
  if (out) i.outputs[key] = *out;
  return out;
}

const std::string& CommandResult::json() const {
  Output("json");
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->outputs.at("json");  // a map's elements stay where they are
}

const PaymentStatement* CommandResult::statement() const {
  const Impl& i = *impl_;
  if (!i.run.statement) return nullptr;
  std::lock_guard<std::mutex> lock(i.mutex);
  if (!i.statement_built) {
    i.statement = ToPublic(*i.run.statement);
    i.statement_built = true;
  }
  return &*i.statement;
}

CommandResult Check(const std::string& path, const Options& options) {
  return CommandResult(
      Guarded(Impl::Kind::Check, ToArgs(path, options, Impl::Kind::Check), [](Impl& impl, std::ostream& err) {
        impl.check = driver::CheckCommand(impl.args);
        std::ostringstream out;
        driver::WriteCheckText(impl.check, impl.args, out, err);
        if (impl.check.usage_error.empty()) impl.outputs["text"] = out.str();
        impl.status = impl.check.status;
      }));
}

CommandResult Run(const std::string& path, const Options& options) {
  return CommandResult(
      Guarded(Impl::Kind::Run, ToArgs(path, options, Impl::Kind::Run), [](Impl& impl, std::ostream& err) {
        impl.run = driver::RunCommand(impl.args, err);
        if (!impl.run.usage_error.empty()) err << impl.run.usage_error << "\n";
        impl.status = impl.run.status;
      }));
}

CommandResult Test(const std::string& path, const Options& options) {
  return CommandResult(
      Guarded(Impl::Kind::Test, ToArgs(path, options, Impl::Kind::Test), [](Impl& impl, std::ostream& err) {
        impl.test = driver::TestCommand(impl.args, err);
        if (!impl.test.usage_error.empty()) err << impl.test.usage_error << "\n";
        impl.status = impl.test.status;
        for (const driver::TestedFile& f : impl.test.files) {
          if (!f.compilation || !f.compilation->ok()) continue;
          const SourceManager& sources = f.compilation->internal().compilation->sources;
          for (const driver::TestResult& r : f.results) {
            TestCase& c = impl.tests.emplace_back();
            c.name = r.name;
            c.passed = r.passed;
            c.error = r.error;
            c.location = RangeOf(sources, r.span);
            for (const driver::ExpectResult& e : r.expects)
              c.expectations.push_back({e.what, e.expected, e.actual, e.passed, RangeOf(sources, e.span)});
          }
        }
      }));
}

}  // namespace ocf
